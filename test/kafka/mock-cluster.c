/*
 * A Kafka cluster for tests: librdkafka's mock brokers on loopback ports, which speak the real
 * Kafka protocol to any client. Topics are created here because the mock rejects the
 * CreateTopics admin request (and reports a controller id no broker has).
 *
 * Usage: mock-cluster <broker-count> <topic>:<partitions> ...
 * Prints "bootstraps <host:port,...>" once ready, then reads commands from stdin, one a line:
 *   down <broker-id|-1>   up <broker-id|-1>   topic <name> <partitions>
 * and answers each with "ok <command>" or "error <command>: <reason>". Exits on EOF, so the
 * cluster never outlives the test process that holds its stdin.
 */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int create_topic(rd_kafka_mock_cluster_t *cluster, const char *name, int partitions) {
        rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(cluster, name, partitions, 1);
        if (err) {
                printf("error topic %s: %s\n", name, rd_kafka_err2str(err));
                return -1;
        }
        return 0;
}

static void run_command(rd_kafka_mock_cluster_t *cluster, char *line) {
        char name[250];
        int number;
        rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0') return;
        if (sscanf(line, "down %d", &number) == 1) {
                err = rd_kafka_mock_broker_set_down(cluster, number);
        } else if (sscanf(line, "up %d", &number) == 1) {
                err = rd_kafka_mock_broker_set_up(cluster, number);
        } else if (sscanf(line, "topic %249s %d", name, &number) == 2) {
                if (create_topic(cluster, name, number) != 0) return;
        } else {
                printf("error %s: unknown command\n", line);
                fflush(stdout);
                return;
        }
        if (err) printf("error %s: %s\n", line, rd_kafka_err2str(err));
        else printf("ok %s\n", line);
        fflush(stdout);
}

int main(int argc, char **argv) {
        char errstr[512], line[512];
        if (argc < 2) {
                fprintf(stderr, "usage: %s <broker-count> [<topic>:<partitions> ...]\n", argv[0]);
                return 2;
        }
        int broker_count = atoi(argv[1]);
        if (broker_count < 1) {
                fprintf(stderr, "broker count must be at least 1\n");
                return 2;
        }
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        /* The handle only does the mock's book keeping; it never connects anywhere. */
        rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof(errstr));
        rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
        if (!rk) {
                fprintf(stderr, "rd_kafka_new: %s\n", errstr);
                return 1;
        }
        rd_kafka_mock_cluster_t *cluster = rd_kafka_mock_cluster_new(rk, broker_count);
        if (!cluster) {
                fprintf(stderr, "rd_kafka_mock_cluster_new failed\n");
                return 1;
        }
        for (int i = 2; i < argc; i++) {
                char *colon = strrchr(argv[i], ':');
                int partitions = colon ? atoi(colon + 1) : 1;
                if (colon) *colon = '\0';
                if (create_topic(cluster, argv[i], partitions) != 0) return 1;
        }
        printf("bootstraps %s\n", rd_kafka_mock_cluster_bootstraps(cluster));
        fflush(stdout);
        while (fgets(line, sizeof(line), stdin)) run_command(cluster, line);
        rd_kafka_mock_cluster_destroy(cluster);
        rd_kafka_destroy(rk);
        return 0;
}
