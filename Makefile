# The README's commands. Each installs what it needs first.
.PHONY: build run test release clean

build:
	bash scripts/build-deps.sh
	swift build

# The local stack (Tools/sms-local): builds every function and serves them on 127.0.0.1:3000 with a Vonage sandbox.
run:
	bash scripts/build-deps.sh
	swift run sms-local

release:
	bash scripts/build-release.sh

test:
	bash scripts/test.sh

clean:
	rm -rf .build .build-* .tools
