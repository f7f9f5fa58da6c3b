# hindsight: two commands do all set-up on a fresh machine with the Swift toolchain.
#   make demo   builds hindsight and runs it on the committed sample bot root (logs/, state/)
#   make test   builds and runs the whole test suite
# Both install the Debian -dev packages the build needs when pkg-config cannot find them.

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN := .build/release/hindsight

.PHONY: deps build demo test lint bench clean-demo

deps:
	@missing=""; \
	pkg-config --exists libzstd 2>/dev/null || missing="$$missing libzstd-dev"; \
	pkg-config --exists simdjson 2>/dev/null || missing="$$missing libsimdjson-dev"; \
	command -v pkg-config >/dev/null 2>&1 || missing="$$missing pkg-config"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build -c release --product hindsight

demo: build
	$(BIN) demo --root .

test: deps
	$(SWIFT) build --build-tests -Xswiftc -warnings-as-errors
	$(SWIFT) test --skip-build --parallel

lint:
	git ls-files -z '*.swift' | xargs -0 $(SWIFT) format lint --strict --configuration .swift-format

bench: deps
	cd Benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark

clean-demo:
	rm -rf logs/events state/hindsight feature_store logs/enriched_decisions.jsonl logs/counterfactual_outcomes.jsonl
