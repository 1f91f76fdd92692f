# A single-node Kafka broker in KRaft mode, run from Maven Central's jars.
# kafka_start DIR PORT CONTROLLER_PORT: state, config, log and pid file under DIR.

kafka_start() {
  local dir="$1" port="$2" controller_port="$3"
  local pidfile="$dir/kafka.pid" log="$dir/kafka.log" lib="$BERTH_HOME/kafka/lib"
  if pid_alive "$pidfile"; then
    info "Kafka already running (pid $(cat "$pidfile")) on 127.0.0.1:$port"
    return 0
  fi
  require_free_port "$port" "Kafka"
  require_free_port "$controller_port" "Kafka's controller"
  mkdir -p "$dir/data"
  cat >"$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/data
num.partitions=6
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
PROPS
  cat >"$dir/log4j2.properties" <<'PROPS'
rootLogger.level=WARN
rootLogger.appenderRef.stdout.ref=STDOUT
appender.stdout.type=Console
appender.stdout.name=STDOUT
appender.stdout.layout.type=PatternLayout
appender.stdout.layout.pattern=[%d] %p %m (%c)%n
logger.kafka.name=kafka
logger.kafka.level=INFO
PROPS
  local java
  java="$(java_bin)"
  if [[ ! -f "$dir/data/meta.properties" ]]; then
    local cluster_id
    cluster_id="$("$java" -cp "$lib/*" kafka.tools.StorageTool random-uuid 2>>"$log")" ||
      die "Kafka storage id could not be made; read $log"
    "$java" -cp "$lib/*" kafka.tools.StorageTool format -t "$cluster_id" \
      -c "$dir/server.properties" >>"$log" 2>&1 || die "Kafka storage could not be formatted; read $log"
  fi
  nohup "$java" -Xms256m -Xmx"$BERTH_KAFKA_HEAP" -XX:+UseG1GC \
    -Dlog4j2.configurationFile="$dir/log4j2.properties" \
    -cp "$lib/*" kafka.Kafka "$dir/server.properties" >>"$log" 2>&1 &
  echo $! >"$pidfile"
  wait_until 90 "Kafka" "$log" "$pidfile" port_in_use "$port"
  info "Kafka up on 127.0.0.1:$port (log: $log)"
}

kafka_stop() {
  stop_pidfile "$1/kafka.pid" "Kafka"
}
