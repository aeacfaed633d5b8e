-- wrk request generator: random /v1/now instants, as issue 12 describes them:
-- /v1/now?at=2024-02-DDTHH:MM:00Z, day, hour and minute drawn at random.
-- Every request sends Accept-Encoding: gzip.
math.randomseed(12)
local headers = { ["Accept-Encoding"] = "gzip" }

request = function()
  local path = string.format(
    "/v1/now?at=2024-02-%02dT%02d:%02d:00Z",
    math.random(1, 29), math.random(0, 23), math.random(0, 59)
  )
  return wrk.format("GET", path, headers)
end
