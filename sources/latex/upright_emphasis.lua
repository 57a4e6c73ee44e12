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

function Emph(element)
  local out, italic, cut = pandoc.List(), pandoc.List(), false
  for _, inline in ipairs(element.content) do
    if upright(inline) then
      emphasis(italic, out)
      out:extend(inline.content)
      italic, cut = pandoc.List(), true
    elseif inline.t == "Emph" then
      italic:extend(inline.content)
      cut = true
    else
      italic:insert(inline)
    end
  end
  if not cut then
    return nil
  end
  emphasis(italic, out)
  return out
end
