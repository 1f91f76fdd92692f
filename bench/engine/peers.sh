# The benchmark peers for the engine: a busybox OCI image built from busybox-static,
# runc on a hand-made bundle, and podman configured as ../shared/RECIPES.md says works here.
# Sourced by the engine and fleet benches; every function works under $BENCH_DIR.

# The tools the peers need, from Debian, when this machine lacks them (command → package).
peer_tools() {
  local command package missing=()
  for command in podman:podman skopeo:skopeo umoci:umoci python3:python3 "$@"; do
    package="${command#*:}"
    command -v "${command%%:*}" >/dev/null || missing+=("$package")
  done
  ((${#missing[@]} == 0)) || { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; }
}

busybox_image() {
  local dir="$BENCH_DIR/image"
  [[ -f "$dir/busybox.tar" ]] && return 0
  rm -rf "$dir" && mkdir -p "$dir/rootfs/bin" "$dir/rootfs/etc" "$dir/rootfs/tmp"
  chmod 1777 "$dir/rootfs/tmp"
  cp /bin/busybox "$dir/rootfs/bin/"
  local applet
  for applet in sh echo sleep cat ls true dd id hostname; do ln -sf busybox "$dir/rootfs/bin/$applet"; done
  echo 'root:x:0:0:root:/root:/bin/sh' >"$dir/rootfs/etc/passwd"
  echo 'root:x:0:' >"$dir/rootfs/etc/group"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$dir/rootfs" -cf "$dir/layer.tar" .
  (cd "$dir" && umoci init --layout oci && umoci new --image oci:latest &&
    umoci raw add-layer --image oci:latest layer.tar &&
    umoci config --image oci:latest --config.cmd /bin/sh --config.env PATH=/bin --architecture amd64 --os linux &&
    umoci gc --layout oci) >/dev/null
  skopeo copy -q oci:"$dir/oci":latest docker-archive:"$dir/busybox.tar":busybox:latest >/dev/null
}

# A runc bundle of the same image, unpacked once, running `sleep 600` without a terminal.
runc_bundle() {
  local bundle="$BENCH_DIR/runc-bundle"
  [[ -f "$bundle/config.json" ]] && return 0
  rm -rf "$bundle"
  umoci unpack --image "$BENCH_DIR/image/oci":latest "$bundle" >/dev/null
  python3 - "$bundle/config.json" <<'PY'
import json, sys
path = sys.argv[1]
config = json.load(open(path))
config["process"]["terminal"] = False
config["process"]["args"] = ["sleep", "600"]
json.dump(config, open(path, "w"))
PY
}

podman_setup() {
  export CONTAINERS_CONF="$BENCH_DIR/podman/containers.conf"
  export CONTAINERS_STORAGE_CONF="$BENCH_DIR/podman/storage.conf"
  [[ -f "$CONTAINERS_CONF" ]] || {
    mkdir -p "$BENCH_DIR/podman"
    cat >"$CONTAINERS_CONF" <<CONF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
netns = "none"
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
    cat >"$CONTAINERS_STORAGE_CONF" <<CONF
[storage]
driver = "overlay"
graphroot = "$BENCH_DIR/podman/storage"
runroot = "$BENCH_DIR/podman/run"
CONF
  }
  podman image exists localhost/busybox:latest 2>/dev/null ||
    podman load -q -i "$BENCH_DIR/image/busybox.tar" >/dev/null
}

# Everything the engine benches run on, ready under $BENCH_DIR, and the engine built; extra
# arguments are more tools for peer_tools (command:package). Sets ENGINE_BENCH to EngineBench's
# command line over that image and bundle: the rounds (and mode) follow it.
engine_bench_setup() {
  peer_tools "$@"
  mkdir -p "$BENCH_DIR"
  busybox_image
  runc_bundle
  podman_setup
  (cd "$REPO" && ./mvnw -B -q -pl engine -am package -DskipTests) >&2
  ENGINE_BENCH=(java -cp "$REPO/engine/target/berth-engine-0.1.0-SNAPSHOT.jar:$REPO/engine/target/lib/*"
    "$REPO/bench/engine/EngineBench.java" "$BENCH_DIR" "$BENCH_DIR/image/busybox.tar" "$BENCH_DIR/runc-bundle")
}
