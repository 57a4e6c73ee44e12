-- What the page shows of emphasis inside emphasis, for pandoc's LaTeX reader (`sources.latex.convert`):
-- \emph inside italic text sets it upright, which `sources.latex.pandoc_groups.upright_emphasis` wrote as
-- \textup (read as a Span of class "upright"; \textnormal's "nodecor" too); the markdown writer put it inside the
-- outer *...* ("*a *b* c*" for the page's italic a, upright b, italic c). Here an emphasis is cut around its upright
-- parts, and an emphasis inside one (\textit in \textit: still italic) is one with it.

local UPRIGHT = {upright = true, nodecor = true}

local function upright(inline)
  if inline.t ~= "Span" then
    return false
  end
  for _, class in ipairs(inline.classes) do
    if UPRIGHT[class] then
      return true
    end
  end
  return false
end

-- an emphasis of ``inlines`` with its spaces at either end left outside it ("*a* b", not "*a *b")
local function emphasis(inlines, out)
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
    out:insert(pandoc.Emph(pandoc.List({table.unpack(inlines, first, last)})))
  end
  out:extend(trailing)
end

-- what may hold an upright part deeper than an emphasis's own inlines (\emph{x \textbf{y \emph{z}}}, a group's Span)
local CONTAINERS = {Strong = true, Span = true, Underline = true, Strikeout = true, SmallCaps = true,
                    Superscript = true, Subscript = true, Quoted = true, Link = true}

local function holds_upright(inline)
  if not CONTAINERS[inline.t] then
    return false
  end
  for _, inner in ipairs(inline.content) do
    if upright(inner) or holds_upright(inner) then
      return true
    end
  end
  return false
end

-- ``inlines`` of an emphasis as the page sets them, and whether any was cut: italic runs an emphasis each, an
-- upright part plain, a part holding one (a Strong) kept with its own italic runs inside it, an emphasis inside
-- one with it
local function italicized(inlines)
  local out, italic, cut = pandoc.List(), pandoc.List(), false
  for _, inline in ipairs(inlines) do
    if upright(inline) then
      emphasis(italic, out)
      out:extend(inline.content)
      italic, cut = pandoc.List(), true
    elseif holds_upright(inline) then
      emphasis(italic, out)
      inline.content = italicized(inline.content)
      out:insert(inline)
      italic, cut = pandoc.List(), true
    elseif inline.t == "Emph" then
      italic:extend(inline.content)
      cut = true
    else
      italic:insert(inline)
    end
  end
  emphasis(italic, out)
  return out, cut
end

local function cut_emphasis(element)
  local out, cut = italicized(element.content)
  if cut then
    return out
  end
end

-- a \\textup left (outside italic text, where it changes nothing): its text, not a raw HTML span
local function unwrapped(span)
  if span.classes:includes("upright") then
    return span.content
  end
end

-- in turn: every emphasis cut (inner ones first), then the upright parts left unwrapped
return {{Emph = cut_emphasis}, {Span = unwrapped}}
