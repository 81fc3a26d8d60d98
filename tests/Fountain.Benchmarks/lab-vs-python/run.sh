#!/usr/bin/env bash
# The lab's benchmark against plain Python, in one script (issue 6, "Targets").
#
# The benchmark model is the challenge model (src/Fountain.Lab/Models/Challenges) at its defaults: 1,000 nodes,
# 1,000 timesteps, 10 Monte Carlo runs, two substeps per timestep, the last substep of each timestep formatted as
# CSV. challenges.py is the same model in plain Python 3 (no packages), written to the same semantics.
#
# 1. Sameness: both run a small case with the lab's portable generator and their CSVs must agree number for number.
# 2. Speed: both run the full case (Python with its C-implemented Mersenne Twister, its fastest generator) and the
#    script prints timesteps per second of each, wall-clock and per CPU-second, and their ratios. The machine's other
#    load changes wall-clock figures; CPU-seconds are steadier. C# uses every core (runs are parallel); the
#    per-CPU-second ratio is the single-core comparison.
# 3. With --same-generator, Python also runs the full case with the lab's portable generator (pure Python, slower),
#    the comparison in which both programs compute identical numbers.
#
# Usage: tests/Fountain.Benchmarks/lab-vs-python/run.sh [--same-generator] [nodes] [timesteps] [runs]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
same_generator=false
if [ "${1:-}" = "--same-generator" ]; then same_generator=true; shift; fi
nodes="${1:-1000}" timesteps="${2:-1000}" runs="${3:-10}"
work="$(mktemp -d /tmp/fountain-lab-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

dotnet build "$root/src/Fountain.Cli" -c Release -v quiet -nologo >/dev/null
fountain=(dotnet "$root/src/Fountain.Cli/bin/Release/net10.0/fountain.dll")

echo "== sameness: 200 nodes, 100 timesteps, 2 runs, portable generator"
"${fountain[@]}" lab bench --nodes 200 --timesteps 100 --runs 2 --out "$work/csharp.csv" >/dev/null
python3 "$here/challenges.py" --nodes 200 --timesteps 100 --runs 2 --rng portable --out "$work/python.csv" >/dev/null
python3 "$here/compare.py" "$work/csharp.csv" "$work/python.csv"

echo "== speed: $nodes nodes, $timesteps timesteps, $runs runs"
cs="$("${fountain[@]}" lab bench --nodes "$nodes" --timesteps "$timesteps" --runs "$runs")"
py="$(python3 "$here/challenges.py" --nodes "$nodes" --timesteps "$timesteps" --runs "$runs" --rng mt)"
echo "$cs"
echo "$py"
python3 - "$cs" "$py" <<'PY'
import json, sys
cs, py = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"C# / Python, wall clock:   {cs['timesteps_per_second'] / py['timesteps_per_second']:.1f}x "
      f"({cs['timesteps_per_second']:.0f} vs {py['timesteps_per_second']:.0f} timesteps/s; C# on {cs['threads']} threads)")
print(f"C# / Python, per CPU-second: {cs['timesteps_per_cpu_second'] / py['timesteps_per_cpu_second']:.1f}x "
      f"({cs['timesteps_per_cpu_second']:.0f} vs {py['timesteps_per_cpu_second']:.0f} timesteps per CPU-second)")
PY

if $same_generator; then
  echo "== speed with the same generator in both (identical numbers)"
  pyp="$(python3 "$here/challenges.py" --nodes "$nodes" --timesteps "$timesteps" --runs "$runs" --rng portable)"
  echo "$pyp"
  python3 - "$cs" "$pyp" <<'PY'
import json, sys
cs, py = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"C# / Python (portable generator), wall clock:   {cs['timesteps_per_second'] / py['timesteps_per_second']:.1f}x")
print(f"C# / Python (portable generator), per CPU-second: {cs['timesteps_per_cpu_second'] / py['timesteps_per_cpu_second']:.1f}x")
PY
fi
