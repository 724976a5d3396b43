-- The ad rules of the sample site (docs/lua.md): every playlist request runs
-- on_playlist; the <i:ad> placeholders left in the playlist are filled after it.
function on_playlist(ctx, pl)
  if ctx.query.premium == "1" then -- premium viewers: no ads at all, placeholders included
    for i = #pl, 1, -1 do
      if pl:get(i).kind == "ad" then pl:remove(i) end
    end
    return
  end
  pl:insert(1, ads.pick{ slot = "preroll", categories = {"news"} })
  -- A mid-roll every 10 seconds of content: the sample clips are short (600 in real life).
  for _, at in ipairs(pl:every(10)) do
    pl:insert_at_time(at, ads.pick{ slot = "midroll", max = 2 })
  end
end

-- Each entry request: counts deliveries of ads per viewer (see counter.get).
function on_entry(ctx, entry)
  if entry.kind == "ad" then counter.incr("ads-requested:" .. ctx.viewer, 1, 3600) end
end
