#!/usr/bin/env bash
# Regenerates every fixture file from real PyTorch (Debian's python3-torch). CI never runs this: it reads the
# committed fixtures. Install torch with: apt-get install -y python3-torch python3-torchvision
set -euo pipefail
cd "$(dirname "$0")"
for f in *.py; do
  [ "$f" = common.py ] && continue
  /usr/bin/python3 "$f"
done
