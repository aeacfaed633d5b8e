-- wrk request generator: random filtered stage queries, as issue 12 describes them:
-- /v1/elections/pemilu-2024/stages?from=2023-MM-DD&to=2024-MM-DD, month and day drawn at random
-- (days 1-28, so every date exists). Every request sends Accept-Encoding: gzip.
math.randomseed(12)
local headers = { ["Accept-Encoding"] = "gzip" }

request = function()
  local path = string.format(
    "/v1/elections/pemilu-2024/stages?from=2023-%02d-%02d&to=2024-%02d-%02d",
    math.random(1, 12), math.random(1, 28), math.random(1, 12), math.random(1, 28)
  )
  return wrk.format("GET", path, headers)
end
