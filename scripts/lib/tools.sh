# Installs what the build and the tests need, each only when missing or at the wrong
# version. Sourced by scripts/run and scripts/test; everything comes from crates.io, npm or
# Debian's packages.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS="$ROOT/.tools"
TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132.0.0"
export PATH="$TOOLS/npm/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf '\033[1;32m==>\033[0m %s\n' "$*"; }

need_wasm_target() {
    if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        say "adding the wasm32-unknown-unknown target"
        rustup target add wasm32-unknown-unknown
    fi
}

need_trunk() {
    if [[ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]]; then
        say "installing trunk $TRUNK_VERSION (about 11 minutes the first time)"
        cargo install --locked "trunk@$TRUNK_VERSION"
    fi
}

# wasm-bindgen-cli must be exactly the wasm-bindgen version in Cargo.lock.
need_wasm_bindgen() {
    local want
    want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' "$ROOT/Cargo.lock")"
    if [[ -z "$want" ]]; then
        echo "cannot find the wasm-bindgen version in Cargo.lock" >&2
        return 1
    fi
    if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $want" ]]; then
        say "installing wasm-bindgen-cli $want"
        cargo install "wasm-bindgen-cli@=$want"
    fi
}

need_npm() {
    if ! command -v npm >/dev/null; then
        say "installing Node.js and npm from Debian"
        apt_install nodejs npm
    fi
}

# npm packages for the build and the tests, in .tools/npm (never in the repository).
need_npm_packages() {
    need_npm
    local missing=()
    for spec in "$@"; do
        local name="${spec%@*}"
        local version="${spec##*@}"
        local have
        have="$(node -p "require('$TOOLS/npm/node_modules/$name/package.json').version" 2>/dev/null || true)"
        [[ "$have" == "$version" ]] || missing+=("$spec")
    done
    if ((${#missing[@]})); then
        say "installing from npm: ${missing[*]}"
        mkdir -p "$TOOLS/npm"
        [[ -f "$TOOLS/npm/package.json" ]] || echo '{"private": true}' >"$TOOLS/npm/package.json"
        npm install --prefix "$TOOLS/npm" --no-audit --no-fund --loglevel=error "${missing[@]}"
    fi
}

# The stock automerge-repo client for the interop test, as locked in tests/js.
need_js_test_deps() {
    need_npm
    local dir="$ROOT/tests/js"
    if [[ ! -f "$dir/node_modules/.package-lock.json" || "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]]; then
        say "installing the JavaScript test client (tests/js)"
        # Not `npm ci`: npm 11 leaves optional platform packages (cbor-extract's) out of the
        # lock file and then refuses it. `install --no-save` resolves from the lock file
        # without rewriting it; package.json pins the direct dependencies exactly.
        npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error
    fi
}

# Debian's binaryen is too old (its wasm-opt output fails in Chromium): use npm's.
need_wasm_opt() {
    need_npm_packages "binaryen@$BINARYEN_VERSION"
}

APT_UPDATED=0
apt_install() {
    local missing=()
    for pkg in "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    ((${#missing[@]})) || return 0
    local sudo=""
    [[ "$(id -u)" == 0 ]] || sudo="sudo"
    if ((APT_UPDATED == 0)); then
        $sudo apt-get update -qq
        APT_UPDATED=1
    fi
    say "installing from Debian: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
}

# Everything needed to build the web app.
need_client_tools() {
    need_wasm_target
    need_trunk
    need_wasm_bindgen
    need_wasm_opt
}

build_client() {
    need_client_tools
    say "building the web app (client/dist)"
    (cd "$ROOT/client" && trunk build --release --offline)
}
