-- saves.lua - wrk script for bench_examday's flat-out phase: every request
-- is one learner's answer save (PUT .../responses/iN with a rising seq),
-- cycling through the learners listed in the file given after "--"
-- (a line each: token attempt-id last-seq).
local learners = {}
local next = 0

function init(args)
	for line in io.lines(args[1]) do
		local tok, att, seq = line:match("^(%S+) (%S+) (%d+)$")
		if tok then
			learners[#learners + 1] = { tok = tok, att = att, seq = tonumber(seq) }
		end
	end
end

function request()
	next = next % #learners + 1
	local l = learners[next]
	l.seq = l.seq + 1
	return wrk.format("PUT", "/api/v1/attempts/" .. l.att .. "/responses/i" .. (l.seq % 10 + 1),
		{ ["Authorization"] = "Bearer " .. l.tok, ["Content-Type"] = "application/json" },
		'{"response":{},"seq":' .. l.seq .. '}')
end
