#!/usr/bin/env bash
# Builds the container images from the static release executables, with podman or docker (whichever is installed):
#   $IMAGE_PREFIX-lambda:$TAG     the Lambda container image (deploy/lambda/image): the six functions, a CA bundle
#   $IMAGE_PREFIX-openfaas:$TAG   the OpenFaaS image (deploy/openfaas/image): the classic watchdog, the functions
# Both start FROM scratch: the executables need no shared library, no loader and no file from a base image.
#
# Usage: deploy/build-images.sh [lambda] [openfaas]            (default: both)
#   IMAGE_PREFIX=localhost/sms-functions  TAG=latest           image names
#   SKIP_BUILD=1 PRODUCTS_DIR=DIR   use executables that are already built (default: make release's)
#   CA_BUNDLE=FILE                  the PEM bundle put into the images (default: this machine's system bundle)
#   CONTAINER_ENGINE="podman ..."   the engine command (default: podman if installed, else docker)
#   WATCHDOG_IMAGE=IMAGE            the OpenFaaS watchdog stage (default: the OpenFaaS registry's)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
functions=(health send-sms inbound-sms message-status messages metrics)
prefix=${IMAGE_PREFIX:-localhost/sms-functions}
tag=${TAG:-latest}
targets=("$@")
((${#targets[@]})) || targets=(lambda openfaas)
for target in "${targets[@]}"; do
    case "$target" in
        lambda|openfaas) ;;
        *) echo "build-images.sh: unknown image '$target' (lambda, openfaas)" >&2; exit 2 ;;
    esac
done

if [ -n "${CONTAINER_ENGINE:-}" ]; then
    read -r -a engine <<<"$CONTAINER_ENGINE"
elif command -v podman >/dev/null; then
    engine=(podman)
elif command -v docker >/dev/null; then
    engine=(docker)
else
    echo "build-images.sh: neither podman nor docker is installed" >&2
    exit 1
fi

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    (cd "$root" && bash scripts/build-release.sh)
fi
products=${PRODUCTS_DIR:-$root/.build/release}

bundle=${CA_BUNDLE:-}
if [ -z "$bundle" ]; then
    # The same bundle files the functions look for, in the same order (Core/Vonage/TLSTrust.swift).
    for candidate in /etc/ssl/certs/ca-certificates.crt /etc/pki/tls/certs/ca-bundle.crt \
        /etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem /etc/ssl/cert.pem /etc/ssl/ca-bundle.pem; do
        if [ -f "$candidate" ]; then bundle=$candidate; break; fi
    done
fi
[ -n "$bundle" ] && [ -f "$bundle" ] || { echo "build-images.sh: no CA bundle found; set CA_BUNDLE" >&2; exit 1; }

context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
mkdir -p "$context/functions"
for f in "${functions[@]}"; do
    exe="$products/$f"
    [ -x "$exe" ] || { echo "build-images.sh: $exe is missing; build first or unset SKIP_BUILD" >&2; exit 1; }
    # Symbols and debug sections are not needed to run; the Swift metadata sections stay.
    strip -o "$context/functions/$f" "$exe"
done
cp "$bundle" "$context/ca-bundle.crt"
mkdir -p "$context/rootfs/tmp" "$context/rootfs/home/app"
chmod 1777 "$context/rootfs/tmp"

for target in "${targets[@]}"; do
    image="$prefix-$target:$tag"
    args=()
    if [ "$target" = openfaas ] && [ -n "${WATCHDOG_IMAGE:-}" ]; then
        args+=(--build-arg "WATCHDOG_IMAGE=$WATCHDOG_IMAGE")
    fi
    "${engine[@]}" build -q ${args[@]+"${args[@]}"} -t "$image" -f "$root/deploy/$target/image/Dockerfile" \
        "$context" >/dev/null
    size=$("${engine[@]}" image inspect --format '{{.Size}}' "$image")
    echo "build-images.sh: $image ($((size / 1000000)) MB)"
done
