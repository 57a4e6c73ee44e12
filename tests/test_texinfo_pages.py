"""Texinfo's page structures (GNU Octave's and R's manuals, texinfo + pdfTeX) drawn small with PyMuPDF where
the real PDF put them, each with the exact markdown it must give: definition headers, run-in labels, lists
whose items MuPDF groups with the paragraphs around them, tables set without rules."""

import pymupdf

from tests.test_page_markdown import lines, markdown


def width(text: str, font: str = "tiro", size: float = 10) -> float:
    return pymupdf.get_text_length(text, fontname=font, fontsize=size)


def test_a_run_in_bold_label_cut_from_its_justified_row_stays_first_in_its_paragraph():
    # Octave's "See also:" (texinfo, justified): MuPDF cut the row at the wide gap after the bold label, which
    # was then a heading of its own, "**See also:**", written before or even after its list of references
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((118.8, 100), "Return a path constructed from dir and all its subdirectories.",
                     fontname="tiro", fontsize=10)
    rest = "[path], page 214, [rmpath], page 214, [genpath], page 214, [pathdef],"
    page.insert_text((118.8, 120), "See also:", fontname="tibo", fontsize=10)
    page.insert_text((118.8 + width("See also:", "tibo") + 9.7, 120), rest, fontname="tiro", fontsize=10)
    page.insert_text((118.8, 133.1), "page 215, [savepath], page 214.", fontname="tiro", fontsize=10)
    assert markdown(doc) == ["Return a path constructed from dir and all its subdirectories.\n\n"
                             "See also: [path], page 214, [rmpath], page 214, [genpath], page 214, [pathdef], "
                             "page 215, [savepath], page 214."]


def signature(page, y: float, pieces: list[tuple[str, str]], x: float = 90) -> None:
    """A definition's signature line as texinfo sets it: its pieces one after another (name in typewriter,
    arguments in slanted typewriter, parentheses in sans serif), Courier at 10.5 points as wide as cmtt12."""
    for text, font in pieces:
        page.insert_text((x, y), text, fontname=font, fontsize=10.5)
        x += width(text, font, 10.5)


def test_a_definitions_signatures_are_a_line_each():
    # Octave's @deftypefn/@deftypefnx (p40, p68): one signature a line, flush left, short of the right edge;
    # two lines, or a line whose next name ("suppress_verbose_help_message", a quarter of the column) would
    # not have fitted after it, were joined into one paragraph ("complex (x) complex (re, im)")
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    name = "suppress_verbose_help_message"
    for y, pieces in ((100, [("val", "coit"), (f" = {name}", "cour"), (" ()", "helv")]),
                      (112.6, [("old_val", "coit"), (f" = {name}", "cour"), (" (", "helv"), ("new_val", "coit"),
                               (")", "helv")]),
                      (125.2, [(name, "cour"), (" (", "helv"), ("new_val", "coit"), (", ", "tiit"),
                               ('"local"', "cour"), (")", "helv")])):
        signature(page, y, pieces)
    query = ("Query or set the internal variable that controls whether Octave will add additional help information "
             "to the end of the output from the help command.")
    page.insert_textbox(pymupdf.Rect(118.8, 128.8, 522, 170), query, fontname="tiro", fontsize=10,
                        align=pymupdf.TEXT_ALIGN_JUSTIFY)
    # a paragraph of two lines, its first full, and one whose first line stops where its next word did not fit
    prose = ("The following functions are principally used internally by Octave for generating the documentation. "
             "They are documented here for completeness.")
    page.insert_textbox(pymupdf.Rect(90, 170, 522, 210), prose, fontname="tiro", fontsize=10,
                        align=pymupdf.TEXT_ALIGN_JUSTIFY)
    ragged = "The functions below are set ragged right, as a web page sets its text, each line running on until its"
    page.insert_text((90, 225), ragged, fontname="tiro", fontsize=10)
    page.insert_text((90, 238.1), "documentation stops it.", fontname="tiro", fontsize=10)
    assert 522 - 90 - width(ragged) < width(" documentation")
    signature(page, 260, [("complex", "cour"), (" (", "helv"), ("x", "coit"), (")", "helv")])
    signature(page, 272.6, [("complex", "cour"), (" (", "helv"), ("re", "coit"), (", ", "tiit"), ("im", "coit"),
                            (")", "helv")])
    assert markdown(doc) == [
        f"val = {name} ()\nold_val = {name} (new_val)\n{name} (new_val, \"local\")\n\n{query}\n\n{prose}\n\n"
        f"{ragged} documentation stops it.\n\ncomplex (x)\ncomplex (re, im)"]


def test_signatures_with_their_category_set_flush_right_are_a_row_each():
    # texinfo's default @deftypefn sets the category flush right on the signature's row ("[Function]"); with
    # the category drawn after the signature MuPDF holds both rows in one block, and the rows' wide gap ran
    # to the block's edge as a justified line does: the two rows were one paragraph
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    for y, text in ((100, "double choose (double n, double k)"), (113.1, "double lchoose (double n, double k)")):
        page.insert_text((90, y), text, fontname="cour", fontsize=10)
        page.insert_text((522 - width("[Function]"), y), "[Function]", fontname="tiro", fontsize=10)
    page.insert_text((118.8, 140), "The number of combinations of k items chosen from n.", fontname="tiro", fontsize=10)
    assert markdown(doc) == ["double choose (double n, double k) [Function]\n\n"
                             "double lchoose (double n, double k) [Function]\n\n"
                             "The number of combinations of k items chosen from n."]


def one_text_object(page, rows: list[tuple[float, str, bool, float]], top: float = 100, size: float = 10.9) -> None:
    """Draw ``rows`` of ``(x, text, justified, advance)`` in one text object, each line moved to from the last
    with ``Td`` as pdfTeX writes a page (MuPDF then groups paragraphs a little apart into one block, where
    lines drawn each in a text object of its own are blocks apart); a justified line's spaces are stretched
    (``Tw``) to end at the right edge, 522 points."""
    page.insert_text((0, 0), " ", fontname="tiro", fontsize=size)  # the font's resource; the stream is replaced
    height, ops, x_was, y_was, y = page.rect.height, [f"BT /tiro {size:g} Tf"], 0.0, 0.0, top
    for x, text, justified, advance in rows:
        stretch = (522 - x - width(text, "tiro", size)) / text.count(" ") if justified else 0.0
        shown = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"{stretch:.3f} Tw {x - x_was:.3f} {height - y - y_was:.3f} Td ({shown}) Tj")
        x_was, y_was, y = x, height - y, y + advance
    page.parent.update_stream(page.get_contents()[0], "\n".join(ops + ["ET"]).encode("latin-1"))


def test_list_items_grouped_with_the_paragraphs_around_them_start_their_own():
    # the GPL in Octave's manual (p1120, texinfo @enumerate): paragraphs 3 points apart, no indent, an item's
    # number hanging left of its text, all in one text object; MuPDF grouped them as one block ("... technological
    # measures. 4. Conveying Verbatim Copies."), and cut the lettered list after an item's first line ("b. ...
    # released under this Li-" then "cense and any ...", "c. You must license ... to anyone who" then "comes into
    # ..."), each piece a paragraph, item c's letter in the middle of one
    doc = pymupdf.open()
    rows = [(111.6, "under this License with respect to the covered work, and you disclaim any intention", True, 13.15),
            (111.6, "measures.", False, 16.19), (95.9, "4.  Conveying Verbatim Copies.", False, 16.19),
            (111.6, "You may convey verbatim copies of the Program's source code as you receive it, in any", True, 13.15),
            (111.6, "medium, along with the Program.", False, 16.19),
            (111.6, "You may charge any price or no price for each copy that you convey, and you may offer", True, 13.15),
            (111.6, "support or warranty protection for a fee.", False, 16.19),
            (95.9, "5.  Conveying Modified Source Versions.", False, 16.19),
            (111.6, "You may convey a work based on the Program, or the modifications to produce it from", True, 13.15),
            (111.6, "the Program, provided that you also meet all of these conditions:", False, 16.19),
            (117.5, "a.  The work must carry prominent notices stating that you modified it, and giving a", True, 13.15),
            (133.2, "relevant date.", False, 16.19),
            (116.9, "b.  The work must carry prominent notices stating that it is released under this Li-", True, 13.15),
            (133.2, "cense and any conditions added under section 7. This requirement modifies the", True, 13.15),
            (133.2, "requirement in section 4 to \"keep intact all notices\".", False, 16.19),
            (118.1, "c.  You must license the entire work, as a whole, under this License to anyone who", True, 13.15),
            (133.2, "comes into possession of a copy.", False, 16.19),
            (111.6, "A compilation of a covered work with other separate and independent works is called an", True, 13.15),
            (111.6, "\"aggregate\".", False, 16.19)]
    one_text_object(doc.new_page(width=612, height=792), rows)
    assert markdown(doc) == [
        "under this License with respect to the covered work, and you disclaim any intention measures.\n\n"
        "4. Conveying Verbatim Copies.\n\n"
        "You may convey verbatim copies of the Program's source code as you receive it, in any medium, along with "
        "the Program.\n\n"
        "You may charge any price or no price for each copy that you convey, and you may offer support or warranty "
        "protection for a fee.\n\n"
        "5. Conveying Modified Source Versions.\n\n"
        "You may convey a work based on the Program, or the modifications to produce it from the Program, provided "
        "that you also meet all of these conditions:\n\n"
        "a. The work must carry prominent notices stating that you modified it, and giving a relevant date.\n"
        "b. The work must carry prominent notices stating that it is released under this License and any conditions "
        "added under section 7. This requirement modifies the requirement in section 4 to \"keep intact all notices\".\n"
        "c. You must license the entire work, as a whole, under this License to anyone who comes into possession of "
        "a copy.\n\n"
        "A compilation of a covered work with other separate and independent works is called an \"aggregate\"."]


def test_a_table_without_rules_whose_cells_wrap_is_a_pipe_table():
    # Octave's obsolete functions (p1089-p1094, texinfo @multitable: three columns, no rules, names in typewriter):
    # MuPDF made a block of each row's first two cells with the second's wrapped line, and one of its third; the
    # rows were paragraphs, those that fit on a line run together ("clearplot clf 3.4.0 com2str num2str 3.4.0
    # ..."), and a justified cell cut at its stretched spaces ("fcdf" "in" "Octave" "Forge") lost a word to
    # another row ("finv in Octave statistics pkg" / "Forge")
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    intro = ("After being marked as deprecated for two major releases, the following functions have been removed "
             "from Octave. The third column of the table shows the version of Octave in which it was removed.")
    page.insert_textbox(pymupdf.Rect(90, 90, 522, 140), intro, fontname="tiro", fontsize=10,
                        align=pymupdf.TEXT_ALIGN_JUSTIFY)
    for x, name in ((90, "Obsolete Function"), (231.6, "Replacement"), (361.2, "Version")):
        page.insert_text((x, 160), name, fontname="tibo", fontsize=10)
    rows = [("beta_cdf", "betacdf", "3.4.0"), ("beta_inv", "betainv", "3.4.0"), ("clearplot", "clf", "3.4.0"),
            ("com2str", "num2str", "3.4.0"), ("f_cdf", "fcdf", "3.4.0"), ("f_inv", "finv", "3.4.0")]
    y = 173.5
    for name, replacement, version in rows:
        page.insert_text((90, y), name, fontname="cour", fontsize=10)
        page.insert_text((361.2, y), version, fontname="tiro", fontsize=10)
        if name.startswith("beta_"):  # a replacement in a package: its cell wraps
            page.insert_text((231.6, y), replacement, fontname="cour", fontsize=10)
            page.insert_text((231.6 + width(replacement, "cour"), y), " in Octave Forge", fontname="tiro", fontsize=10)
            page.insert_text((231.6, y + 13.1), "statistics pkg", fontname="tiro", fontsize=10)
            y += 27.4
        elif name.startswith("f_"):  # justified to the column's edge: the words 9 points apart
            words = [(replacement, "cour"), ("in", "tiro"), ("Octave", "tiro"), ("Forge", "tiro")]
            x, gap = 231.6, (349.2 - 231.6 - sum(width(w, f) for w, f in words)) / 3
            for word, font in words:
                page.insert_text((x, y), word, fontname=font, fontsize=10)
                x += width(word, font) + gap
            page.insert_text((231.6, y + 13.1), "statistics pkg", fontname="tiro", fontsize=10)
            y += 27.4
        else:
            page.insert_text((231.6, y), replacement, fontname="cour", fontsize=10)
            y += 13.1
    # names broken after an underscore in two cells, the row's third cell on its first line only
    for x, name, rest in ((90, "re_read_readline_init_", "file"), (231.6, "readline_re_read_", "init_file")):
        page.insert_text((x, y), name, fontname="cour", fontsize=10)
        page.insert_text((x, y + 13.1), rest, fontname="cour", fontsize=10)
    page.insert_text((361.2, y), "4.2.0", fontname="tiro", fontsize=10)
    assert markdown(doc) == [
        f"{intro}\n\n|Obsolete Function|Replacement|Version|\n|---|---|---|\n"
        "|beta_cdf|betacdf in Octave Forge statistics pkg|3.4.0|\n|beta_inv|betainv in Octave Forge statistics pkg|3.4.0|\n"
        "|clearplot|clf|3.4.0|\n|com2str|num2str|3.4.0|\n|f_cdf|fcdf in Octave Forge statistics pkg|3.4.0|\n"
        "|f_inv|finv in Octave Forge statistics pkg|3.4.0|\n|re_read_readline_init_file|readline_re_read_init_file|4.2.0|"]


def test_a_grid_of_names_under_its_lead_paragraph_in_one_block_is_a_table():
    # Octave's acknowledgements (p17): "... (listed alphabetically)." and three columns of names under it, one
    # block in MuPDF; the whole was no table, and each row of names ran together as a paragraph of its own
    # ("Ben Abbott Drew Abbot NVS Abhilash"), the names' bounds lost
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    size = 10.9  # cmr10 at 11 points: set at 10 points, the grid's 16 points under the lead part the blocks
    page.insert_text((90, 539), "Many people have contributed to Octave's development. The following people have "
                     "helped", fontname="tiro", fontsize=size)
    page.insert_text((90, 552.15), "code parts of Octave or aided in various other ways (listed alphabetically).",
                     fontname="tiro", fontsize=size)
    names = [("Ben Abbott", "Drew Abbot", "NVS Abhilash"), ("Andy Adler", "Adam H. Aitkenhead", "Joakim Anden"),
             ("Giles Anderson", "Joel Andersson", "Lachlan Andrew"), ("Pedro Angelo", "Damjan Angelovski", "Muthiah"),
             ("Markus Appel", "Branden Archer", "Willem Atsma"), ("Marco Atzeri", "Ander Aurrekoetxea", "Shai Ayal")]
    for k, row in enumerate(names):
        for x, name in zip((90, 244.5, 387), row):
            page.insert_text((x, 568.14 + 13.1 * k), name, fontname="tiro", fontsize=size)
    assert len(page.get_text("dict")["blocks"]) == 1  # as in the real page: the lead and the grid, one block
    assert markdown(doc) == [
        "Many people have contributed to Octave's development. The following people have helped code parts of "
        "Octave or aided in various other ways (listed alphabetically).\n\n"
        "|Ben Abbott|Drew Abbot|NVS Abhilash|\n|---|---|---|\n|Andy Adler|Adam H. Aitkenhead|Joakim Anden|\n"
        "|Giles Anderson|Joel Andersson|Lachlan Andrew|\n|Pedro Angelo|Damjan Angelovski|Muthiah|\n"
        "|Markus Appel|Branden Archer|Willem Atsma|\n|Marco Atzeri|Ander Aurrekoetxea|Shai Ayal|"]


def test_a_caption_ends_where_the_space_under_it_is_without_a_full_stop():
    # Octave's p916: "Table 34.1: ... class method" (no full stop, its row as long as the page's table rows
    # make the column) and, 3 points further down than a line's pitch, the next paragraph: one block in
    # MuPDF, read as one paragraph ("... class method An example mtimes method ...")
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    prose = ["Octave's classes may overload the operators: the table below gives, for each built-in",
             "operation, the name of the method a class defines to provide it, and the arguments the method",
             "is called with, in the order the operation takes its operands."]
    lines(page, [(row, "tiro", 0, 13.15) for row in prose], x=90, y=100, size=10.9)  # texinfo's pitch
    page.insert_text((104.9, 696.6), "Table 34.1: Available overloaded operators and their corresponding class "
                     "method", fontname="tiro", fontsize=10.9)
    page.insert_text((104.9, 712.8), "An example mtimes method for the polynomial class might look like",
                     fontname="tiro", fontsize=10.9)
    assert len(page.get_text("dict")["blocks"]) == 2  # the caption and the paragraph under it: one block
    assert markdown(doc) == [
        " ".join(prose) + "\n\nTable 34.1: Available overloaded operators and their corresponding class method\n\n"
        "An example mtimes method for the polynomial class might look like"]



def test_a_two_column_table_with_a_name_in_code_inside_a_wrapped_cell_is_a_pipe_table():
    # Octave's JSON types (p123, texinfo @multitable, two columns, no rules): the second column's wrapped cell
    # holds "matlab_lang_" / "makeValidName" in typewriter, and another cell runs to 42 characters; a code line
    # in two columns was taken for a definition list's term and the rows for prose, so each column was one
    # paragraph ("Boolean Number String Object null, ...", then "scalar logical scalar double ...")
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    for x, name in ((119, "JSON data type"), (332.4, "Octave data type")):
        page.insert_text((x, 192), name, fontname="tibo", fontsize=10)
    rows = [("Boolean", "scalar logical"), ("Number", "scalar double"), ("String", "vector of characters"),
            ("Object", None), ("null, inside a numeric array", "NaN"),
            ("Array, of Strings", "cell array of character vectors (cellstr)"),
            ("Array of Objects, same field names", "struct array")]
    y = 205.3
    for name, value in rows:
        page.insert_text((119, y), name, fontname="tiro", fontsize=10)
        if value is not None:
            page.insert_text((332.4, y), value, fontname="tiro", fontsize=10)
            y += 13.1
            continue
        # justified to the column's edge: the second line's words 11 points apart, MuPDF's lines a word each
        for k, words in enumerate(("scalar struct (field names of the struct", "may be different from the keys of")):
            x, gap = 332.4, (522 - 332.4 - sum(width(w) for w in words.split())) / (len(words.split()) - 1)
            for word in words.split():
                page.insert_text((x, y + 13.1 * k), word, fontname="tiro", fontsize=10)
                x += width(word) + gap
        page.insert_text((332.4, y + 26.2), "the JSON object due to ", fontname="tiro", fontsize=10)
        page.insert_text((332.4 + width("the JSON object due to "), y + 26.2), "matlab_lang_", fontname="cour",
                         fontsize=10)
        page.insert_text((332.4, y + 39.3), "makeValidName", fontname="cour", fontsize=10)
        y += 52.4
    assert markdown(doc) == [
        "|JSON data type|Octave data type|\n|---|---|\n|Boolean|scalar logical|\n|Number|scalar double|\n"
        "|String|vector of characters|\n|Object|scalar struct (field names of the struct may be different from "
        "the keys of the JSON object due to matlab_lang_makeValidName|\n|null, inside a numeric array|NaN|\n"
        "|Array, of Strings|cell array of character vectors (cellstr)|\n|Array of Objects, same field names|"
        "struct array|"]
