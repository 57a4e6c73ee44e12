-- What the page shows of emphasis inside emphasis, for pandoc's LaTeX reader (`sources.latex.convert`):
-- \emph inside italic text sets it upright, which `sources.latex.pandoc_groups.upright_emphasis` wrote as
-- \textup (read as a Span of class "upright"; \textnormal's "nodecor" too); the markdown writer put it inside the
-- outer *...* ("*a *b* c*" for the page's italic a, upright b, italic c). Here an emphasis is cut around its upright
-- parts, and an emphasis inside one (\textit in \textit: still italic) is one with it. \textnormal inside bold text
-- sets it medium: the bold is cut around it the same way ("**b <span class="nodecor">n</span>**" was left in the
-- target for the page's bold b, medium n).

local function upright(inline)
  return inline.t == "Span" and (inline.classes:includes("upright") or inline.classes:includes("nodecor"))
end

-- \textnormal's span, and \textmd's ("medium"): set outside bold text
local function normal(inline)
  return inline.t == "Span" and (inline.classes:includes("nodecor") or inline.classes:includes("medium"))
end

-- an emphasis (``make``: pandoc.Emph or pandoc.Strong) of ``inlines`` with its spaces at either end left outside
-- it ("*a* b", not "*a *b")
local function emphasis(inlines, out, make)
  local first, last = 1, #inlines
  while first <= last and inlines[first].t == "Space" do
    out:insert(inlines[first])
    first = first + 1
  end
  local trailing = pandoc.List()
  while last >= first and inlines[last].t == "Space" do
    trailing:insert(inlines[last])
    last = last - 1
  end
  if first <= last then
    out:insert(make(pandoc.List({table.unpack(inlines, first, last)})))
  end
  out:extend(trailing)
end

-- what may hold an upright part deeper than an emphasis's own inlines (\emph{x \textbf{y \emph{z}}}, a group's Span)
local CONTAINERS = {Emph = true, Strong = true, Span = true, Underline = true, Strikeout = true, SmallCaps = true,
                    Superscript = true, Subscript = true, Quoted = true, Link = true}

-- an emphasis's kinds: what it is made with, which parts are set outside it, and its own kind
local ITALIC = {make = pandoc.Emph, outside = upright, kind = "Emph"}
local BOLD = {make = pandoc.Strong, outside = normal, kind = "Strong"}

local function holds_outside(inline, style)
  if not CONTAINERS[inline.t] or inline.t == style.kind then
    return false
  end
  for _, inner in ipairs(inline.content) do
    if style.outside(inner) or holds_outside(inner, style) then
      return true
    end
  end
  return false
end

-- ``inlines`` with each plain Span (a TeX group's, no attributes) opened into its inlines: "\\emph{a {\\it b} c}"
-- read as an emphasis around a group around an emphasis, written "*a *b* c*"; opened, the inner one is one with it
local function opened(inlines)
  local out = pandoc.List()
  for _, inline in ipairs(inlines) do
    if inline.t == "Span" and inline.identifier == "" and #inline.classes == 0 and #inline.attributes == 0 then
      out:extend(opened(inline.content))
    else
      out:insert(inline)
    end
  end
  return out
end

-- ``inlines`` of an emphasis of ``style`` as the page sets them, and whether any was cut: runs in the style an
-- emphasis each, a part set outside it plain (a \\textnormal kept as its span: a bold around the italic is cut
-- next), a part holding one (a Strong in italic) kept with its own runs in the style inside it, an emphasis of the
-- style inside one with it
local function styled(inlines, style)
  local out, run, cut = pandoc.List(), pandoc.List(), false
  for _, inline in ipairs(opened(inlines)) do
    if style.outside(inline) then
      emphasis(run, out, style.make)
      if normal(inline) then
        out:insert(inline)
      else
        out:extend(inline.content)
      end
      run, cut = pandoc.List(), true
    elseif holds_outside(inline, style) then
      emphasis(run, out, style.make)
      inline.content = styled(inline.content, style)
      out:insert(inline)
      run, cut = pandoc.List(), true
    elseif inline.t == style.kind then
      run:extend(inline.content)
      cut = true
    else
      run:insert(inline)
    end
  end
  emphasis(run, out, style.make)
  return out, cut
end

local function cutter(style)
  return function(element)
    local out, cut = styled(element.content, style)
    if cut then
      return out
    end
  end
end

-- a \\textup, \\textnormal or \\textmd left (outside italic or bold text, where it changes nothing): its text,
-- not a raw HTML span
local function unwrapped(span)
  if upright(span) or normal(span) then
    return span.content
  end
end

-- in turn: every emphasis cut (inner ones first), every bold run, then the upright parts left unwrapped
return {{Emph = cutter(ITALIC)}, {Strong = cutter(BOLD)}, {Span = unwrapped}}
