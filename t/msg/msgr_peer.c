/*
 * msgr_peer.c — a small msgr2 peer for the integration tests against real
 * Ceph, built on msg/msgr.h.
 *
 *   msgr_peer client --mon v2:127.0.0.1:PORT [--rev0] [--timeout S]
 *       Connect to a ceph-mon as a client with auth none, send MMonGetMap
 *       and a KEEPALIVE2, wait for the MMonMap and the KEEPALIVE2_ACK and
 *       print "monmap epoch=E fsid=UUID" and "keepalive_ack". Exit 0 when
 *       both arrived.
 *
 *   msgr_peer server --bind 127.0.0.1:PORT [--count N] [--timeout S]
 *       Act as mon rank 0 (nonce 0): print "listening [v2:IP:PORT/0]" (port
 *       0 picks a free one), accept connections, answer the handshake and
 *       print "message type=T seq=S front=F" for each message received.
 *       Exit 0 after N messages (default 1).
 *
 *   msgr_peer osdpeer --addr v2:IP:PORT/NONCE [--id N] [--timeout S]
 *       Open a lossless session to a (classic) OSD's cluster address as
 *       osd.N (default 1000), cut the TCP connection once it is ready, and
 *       wait for the session to come back through SESSION_RECONNECT and a
 *       KEEPALIVE2 round trip. Prints "connected", "reconnected",
 *       "keepalive_ack". Exit 0 when all happened without a session reset.
 *
 * client --keyring PATH [--name client.admin] [--mode crc|secure]
 *       authenticates with cephx (the key of NAME in PATH) instead of auth
 *       none, in the given connection mode, and also prints the services
 *       it got tickets for ("cephx tickets=mon,osd,mgr"). With --osd
 *       v2:IP:PORT/NONCE it then also opens a client session to that OSD
 *       with its cephx authorizer and waits for a KEEPALIVE2_ACK from it
 *       ("osd connected mode=M", "osd keepalive_ack").
 *
 * -d LEVEL sets debug_ms. Exit 1 on error or timeout.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include <event2/event.h>

#include "common/enc.h"
#include "common/log.h"
#include "common/types.h"
#include "msg/auth_cephx.h"
#include "msg/conn.h"
#include "msg/message.h"
#include "msg/msgr.h"

static struct cephx_ctx *peer_cephx;
static struct entity_addrvec peer_osd;  /* --osd: n = 0 if none */

struct peer {
	struct event_base *base;
	struct msgr *msgr;
	struct conn *conn;
	int phase;
	int got_map, got_ka_ack, got_osd_ack, nmsgs, want_msgs, failed;
};

static void
peer_done_if(struct peer *p)
{
	if (p->got_map && p->got_ka_ack && (peer_osd.n == 0 || p->got_osd_ack))
		event_base_loopbreak(p->base);
}

/* ---- osdpeer: lossless session to a real OSD, cut and resumed ---- */

static void
osdpeer_check(evutil_socket_t fd, short what, void *arg)
{
	struct peer *p = arg;

	if (!p->conn)
		return;
	if (p->phase == 1 && conn_is_ready(p->conn)) {
		/* Cut the TCP connection under the session. */
		printf("cutting the connection\n");
		fflush(stdout);
		shutdown(p->conn->fd, SHUT_RDWR);
		p->phase = 2;
	} else if (p->phase == 2) {
		if (!conn_is_ready(p->conn))
			p->phase = 3;   /* the fault was seen; wait for the resume */
	} else if (p->phase == 3 && conn_is_ready(p->conn)) {
		printf("reconnected\n");
		fflush(stdout);
		conn_send_keepalive(p->conn);
		p->phase = 4;
	}
}

static void
osdpeer_connected(void *arg, struct conn *c)
{
	struct peer *p = arg;

	printf("connected to %s.%lld features=%#llx\n", entity_type_name(conn_peer_name(c).type),
	       (long long)conn_peer_name(c).num, (unsigned long long)conn_features(c));
	fflush(stdout);
	p->phase = 1;
}

static void
osdpeer_ka_ack(void *arg, struct conn *c, const struct utime *stamp)
{
	struct peer *p = arg;

	printf("keepalive_ack\n");
	fflush(stdout);
	if (p->phase == 4)
		event_base_loopbreak(p->base);
}

/* MMonMap front: bufferlist (u32 len + MonMap); MonMap = versioned struct
 * whose body starts with fsid (16 bytes) and epoch u32 (src/mon/MonMap.cc). */
static int
decode_monmap(struct msg *m, struct uuid *fsid, uint32_t *epoch)
{
	const uint8_t *p;
	struct dec d;
	struct dec_struct ds;
	uint32_t len;

	if (m->front.len == 0)
		return -EBADMSG;
	p = buf_contig(&m->front, 0, m->front.len);
	dec_init(&d, p, m->front.len);
	dec_u32(&d, &len);
	if (d.err == 0 && len > dec_remaining(&d))
		return -EBADMSG;
	dec_struct_start(&d, 9, &ds);
	uuid_decode(&d, fsid);
	dec_u32(&d, epoch);
	return d.err;
}

static void
client_connected(void *arg, struct conn *c)
{
	struct msg *m;

	(void)arg;
	if (conn_peer_name(c).type == ENTITY_TYPE_OSD) {
		printf("osd connected mode=%s\n", frame_secure_on(&c->sec) ? "secure" : "crc");
		fflush(stdout);
		conn_send_keepalive(c);
		return;
	}
	if (peer_osd.n)
		msgr_connect(conn_msgr(c), &peer_osd, ENTITY_TYPE_OSD);
	m = msg_new();
	m->hdr.type = CEPH_MSG_MON_GET_MAP;
	m->hdr.version = 1;
	m->hdr.compat_version = 1;
	conn_send(c, m);
	conn_send_keepalive(c);
	printf("connected features=%#llx global_id=%llu mode=%s\n",
	       (unsigned long long)conn_features(c), (unsigned long long)conn_global_id(c),
	       frame_secure_on(&c->sec) ? "secure" : "crc");
	if (peer_cephx) {
		static const char *const names[CEPHX_NSERVICES] = {
			"mon", "mds", "osd", "client", "mgr", "auth" };
		char list[64] = "";

		for (int i = 0; i < CEPHX_NSERVICES; i++) {
			if (!peer_cephx->t[i].have)
				continue;
			if (list[0])
				strcat(list, ",");
			strcat(list, names[i]);
		}
		printf("cephx tickets=%s\n", list);
	}
	fflush(stdout);
}

static void
client_dispatch(void *arg, struct conn *c, struct msg *m)
{
	struct peer *p = arg;
	struct uuid fsid;
	uint32_t epoch;
	char s[37];

	(void)c;
	if (m->hdr.type == CEPH_MSG_MON_MAP && !p->got_map) {
		if (decode_monmap(m, &fsid, &epoch) < 0) {
			fprintf(stderr, "msgr_peer: cannot decode the monmap\n");
			p->failed = 1;
			event_base_loopbreak(p->base);
		} else {
			uuid_format(&fsid, s);
			printf("monmap epoch=%u fsid=%s seq=%llu\n", epoch, s,
			       (unsigned long long)m->hdr.seq);
			p->got_map = 1;
		}
	} else {
		printf("message type=%u seq=%llu front=%zu\n", m->hdr.type,
		       (unsigned long long)m->hdr.seq, m->front.len);
	}
	fflush(stdout);
	msg_free(m);
	peer_done_if(p);
}

static void
client_ka_ack(void *arg, struct conn *c, const struct utime *stamp)
{
	struct peer *p = arg;

	if (conn_peer_name(c).type == ENTITY_TYPE_OSD) {
		printf("osd keepalive_ack\n");
		p->got_osd_ack = 1;
	} else {
		printf("keepalive_ack stamp=%u.%09u\n", stamp->sec, stamp->nsec);
		p->got_ka_ack = 1;
	}
	fflush(stdout);
	peer_done_if(p);
}

static void
peer_reset(void *arg, struct conn *c)
{
	struct peer *p = arg;

	(void)c;
	if (p->want_msgs)
		return;         /* server: a client going away is fine */
	fprintf(stderr, "msgr_peer: session reset\n");
	p->failed = 1;
	event_base_loopbreak(p->base);
}

static void
server_connected(void *arg, struct conn *c)
{
	struct entity_name n = conn_peer_name(c);
	char s[64];

	(void)arg;
	entity_name_format(&n, s, sizeof(s));
	printf("accepted %s features=%#llx\n", s, (unsigned long long)conn_features(c));
	fflush(stdout);
}

static void
server_dispatch(void *arg, struct conn *c, struct msg *m)
{
	struct peer *p = arg;

	(void)c;
	printf("message type=%u seq=%llu front=%zu\n", m->hdr.type,
	       (unsigned long long)m->hdr.seq, m->front.len);
	fflush(stdout);
	msg_free(m);
	if (++p->nmsgs >= p->want_msgs)
		event_base_loopbreak(p->base);
}

static void
timeout_cb(evutil_socket_t fd, short what, void *arg)
{
	struct peer *p = arg;

	fprintf(stderr, "msgr_peer: timed out\n");
	p->failed = 1;
	event_base_loopbreak(p->base);
}

static void
usage(void)
{
	fprintf(stderr, "usage: msgr_peer client --mon ADDR [--rev0] [--timeout S] [-d N]\n"
		"                 [--keyring PATH [--name NAME] [--mode crc|secure]]\n"
		"       msgr_peer server --bind ADDR [--count N] [--timeout S] [-d N]\n"
		"       msgr_peer osdpeer --addr ADDR/NONCE [--id N] [--timeout S] [-d N]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "mon", required_argument, NULL, 'm' },
		{ "bind", required_argument, NULL, 'b' },
		{ "addr", required_argument, NULL, 'b' },
		{ "id", required_argument, NULL, 'i' },
		{ "count", required_argument, NULL, 'n' },
		{ "timeout", required_argument, NULL, 't' },
		{ "rev0", no_argument, NULL, '0' },
		{ "debug", required_argument, NULL, 'd' },
		{ "keyring", required_argument, NULL, 'k' },
		{ "name", required_argument, NULL, 'N' },
		{ "mode", required_argument, NULL, 'M' },
		{ "osd", required_argument, NULL, 'O' },
		{ NULL, 0, NULL, 0 },
	};
	static struct msgr_ops client_ops = {
		.dispatch = client_dispatch,
		.connected = client_connected,
		.reset = peer_reset,
		.keepalive_ack = client_ka_ack,
	};
	static struct msgr_ops server_ops = {
		.dispatch = server_dispatch,
		.connected = server_connected,
		.reset = peer_reset,
	};
	struct peer p = { 0 };
	struct event_config *ec;
	struct event *tev;
	struct timeval tv = { 20, 0 };
	struct entity_addr addr;
	struct entity_addrvec av;
	struct msgr_config cfg;
	const char *mode, *where = NULL;
	char abuf[256];
	struct event *pev = NULL;
	int opt, rev0 = 0, count = 1, osd_id = 1000;
	const char *keyring = NULL, *name = "client.admin", *cmode = "crc";
	struct auth_name aname;
	struct auth_policy pol;
	struct cephx_key key;

	if (argc < 2)
		usage();
	mode = argv[1];
	optind = 2;
	while ((opt = getopt_long(argc, argv, "d:", opts, NULL)) != -1) {
		switch (opt) {
		case 'm':
		case 'b':
			where = optarg;
			break;
		case 'i':
			osd_id = atoi(optarg);
			break;
		case 'n':
			count = atoi(optarg);
			break;
		case 't':
			tv.tv_sec = atoi(optarg);
			break;
		case '0':
			rev0 = 1;
			break;
		case 'd':
			log_set_level("ms", atoi(optarg));
			break;
		case 'k':
			keyring = optarg;
			break;
		case 'N':
			name = optarg;
			break;
		case 'M':
			cmode = optarg;
			break;
		case 'O':
			if (entity_addr_parse(optarg, ENTITY_ADDR_MSGR2, &peer_osd.v[0]) < 0)
				usage();
			peer_osd.n = 1;
			break;
		default:
			usage();
		}
	}
	if (!where || entity_addr_parse(where, ENTITY_ADDR_MSGR2, &addr) < 0)
		usage();

	ec = event_config_new();
	event_config_set_flag(ec, EVENT_BASE_FLAG_NOLOCK);
	p.base = event_base_new_with_config(ec);
	event_config_free(ec);
	tev = evtimer_new(p.base, timeout_cb, &p);
	evtimer_add(tev, &tv);

	if (strcmp(mode, "client") == 0) {
		p.msgr = msgr_new(p.base, ENTITY_TYPE_CLIENT, -1, &client_ops, &p);
		msgr_set_auth_name(p.msgr, ENTITY_TYPE_CLIENT, "admin", 0);
		if (keyring) {
			int r;

			if (auth_name_parse(name, &aname) < 0)
				usage();
			r = cephx_keyring_find(keyring, name, &key);
			if (r < 0) {
				fprintf(stderr, "no key for %s in %s: %s\n", name, keyring,
					strerror(-r));
				return 1;
			}
			peer_cephx = cephx_ctx_new(&aname, &key, ENTITY_TYPE_MON |
						   ENTITY_TYPE_OSD | ENTITY_TYPE_MGR);
			cephx_key_wipe(&key);
			memset(&pol, 0, sizeof(pol));
			pol.nmethods = 1;
			pol.methods[0] = AUTH_METHOD_CEPHX;
			pol.nmodes = 1;
			pol.modes[0] = strcmp(cmode, "secure") == 0 ? CON_MODE_SECURE :
				CON_MODE_CRC;
			msgr_set_auth_name(p.msgr, aname.type, aname.id, 0);
			msgr_set_auth(p.msgr, &pol, peer_cephx);
		}
		msgr_set_policy(p.msgr, ENTITY_TYPE_MON, msgr_policy_lossy_client());
		msgr_set_policy(p.msgr, ENTITY_TYPE_OSD, msgr_policy_lossy_client());
		msgr_get_config(p.msgr, &cfg);
		cfg.rev1 = !rev0;
		msgr_set_config(p.msgr, &cfg);
		av.n = 1;
		av.v[0] = addr;
		msgr_connect(p.msgr, &av, ENTITY_TYPE_MON);
	} else if (strcmp(mode, "server") == 0) {
		p.want_msgs = count > 0 ? count : 1;
		p.msgr = msgr_new(p.base, ENTITY_TYPE_MON, 0, &server_ops, &p);
		msgr_set_nonce(p.msgr, 0);
		msgr_set_assign_global_ids(p.msgr, 4100);
		msgr_set_default_policy(p.msgr, msgr_policy_stateless_server());
		if (msgr_bind(p.msgr, &addr) < 0)
			return 1;
		entity_addrvec_format(msgr_addrs(p.msgr), abuf, sizeof(abuf));
		printf("listening %s\n", abuf);
		fflush(stdout);
	} else if (strcmp(mode, "osdpeer") == 0) {
		static struct msgr_ops osd_ops = {
			.dispatch = client_dispatch,
			.connected = osdpeer_connected,
			.reset = peer_reset,
			.keepalive_ack = osdpeer_ka_ack,
		};
		struct timeval ptv = { 0, 20000 };

		p.msgr = msgr_new(p.base, ENTITY_TYPE_OSD, osd_id, &osd_ops, &p);
		msgr_set_nonce(p.msgr, (uint32_t)getpid());
		/* Reconnect at once after the cut even with nothing queued. */
		msgr_set_policy(p.msgr, ENTITY_TYPE_OSD, msgr_policy_lossless_client());
		msgr_get_config(p.msgr, &cfg);
		cfg.rev1 = !rev0;
		msgr_set_config(p.msgr, &cfg);
		av.n = 1;
		av.v[0] = addr;
		p.conn = conn_get(msgr_connect(p.msgr, &av, ENTITY_TYPE_OSD));
		pev = event_new(p.base, -1, EV_PERSIST, osdpeer_check, &p);
		evtimer_add(pev, &ptv);
	} else {
		usage();
	}
	event_base_dispatch(p.base);
	if (pev)
		event_free(pev);
	if (p.conn) {
		if (!p.failed && p.phase != 4)
			p.failed = 1;
		conn_put(p.conn);
	}
	msgr_free(p.msgr);
	cephx_ctx_free(peer_cephx);
	event_free(tev);
	event_base_free(p.base);
	msg_pool_drain();
	return p.failed ? 1 : 0;
}
