# The README's commands. Each installs what it needs first.
.PHONY: build test release clean

build:
	bash scripts/build-deps.sh
	swift build

release:
	bash scripts/build-release.sh

test:
	bash scripts/test.sh

clean:
	rm -rf .build .build-* .tools
