#!/usr/bin/env bash
# One lent GPU machine's whole check for the trainer's speed (issue #24), as the device tool runs it:
# the measurements in priority order, each bounded so that the first ones always finish, every log
# written under $OUT (the folder that comes back). Prepared on a CPU machine:
#   .whl/   webdataset and braceexpand wheels (the GPU image has torch but not these; no Beam needed)
#   .gpu/out             a default build (python -m pipelines.build --output .gpu/out)
#   .gpu/tokenizer.json  a byte-level BPE trained on its texts (the 1.3b preset needs a tokenizer.json)
# Run from the repository root: bash bench/gpu_session.sh   (OUT defaults to ./gpu-out)
set -u -o pipefail
export PYTHONUNBUFFERED=1
OUT=${OUT:-gpu-out}; mkdir -p "$OUT"
budget=${BUDGET_S:-540}; deadline=$((SECONDS + budget))
left() { local l=$((deadline - SECONDS)); ((l > $1)) && echo "$1" || echo "$((l > 0 ? l : 1))"; }

python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl \
  && export PYTHONPATH=/tmp/site:$PWD || exit 1
nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.sm --format=csv | tee "$OUT/gpu.txt"
python3 -c "import torch; print('torch', torch.__version__, torch.cuda.get_device_name())" | tee -a "$OUT/gpu.txt"

# 1. eager layers (FlexAttention compiled alone), the default rows, and one profiled step
timeout "$(left 150)" python3 -m bench.train_gpu --no-record --profile 2>&1 | tee "$OUT/eager.log"
# 2. each decoder layer compiled
timeout "$(left 220)" python3 -m bench.train_gpu --no-record --compile 2>&1 | tee "$OUT/compile.log"
# 3. the real trainer on a real build's shards: 20 steps of stage 2, 4 loader workers; data_wait per step
timeout "$(left 200)" python3 -m model.train --preset 1.3b --stage 2 --data .gpu/out \
  --tokenizer .gpu/tokenizer.json --output /tmp/run --max-steps 20 --batch-size 16 --micro-batch 2 \
  --workers 4 --modality-warmup 0 --eval-every-nth 0 --progress off --device cuda 2>&1 | tee "$OUT/train.log"
cp /tmp/run/stage2/metrics.jsonl "$OUT/train_metrics.jsonl" 2>/dev/null
# 4. with time left: compiled, 4 rows a micro-batch (the H200's memory allows it)
((deadline - SECONDS > 60)) && timeout "$(left 600)" python3 -m bench.train_gpu --no-record --compile --rows 4 \
  2>&1 | tee "$OUT/compile_rows4.log"
echo "gpu_session: done in ${SECONDS} s"
