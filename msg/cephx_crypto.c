/*
 * cephx_crypto.c — CryptoKey, cephx AES-CBC blobs, HMAC-SHA256, random and
 * the AES-128-GCM stream of msgr2 secure mode, on libcrypto's EVP API.
 * No cipher is implemented here: everything calls OpenSSL.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "common/buf.h"
#include "common/enc.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/types.h"
#include "msg/cephx_crypto.h"

/* src/auth/Crypto.cc: CEPH_AES_IV, the fixed CBC IV of every cephx blob. */
static const uint8_t cephx_iv[CEPHX_AES_BLOCK] = "cephsageyudagreg";

static void
wipe(void *p, size_t n)
{
	OPENSSL_cleanse(p, n);
}

/* ---- CryptoKey ---- */

int
cephx_key_valid(const struct cephx_key *k)
{
	return k->type == CEPHX_CRYPTO_AES && k->len == CEPHX_AES_KEY_LEN;
}

void
cephx_key_wipe(struct cephx_key *k)
{
	wipe(k, sizeof(*k));
}

int
cephx_key_decode(struct dec *d, struct cephx_key *k)
{
	const uint8_t *p;
	uint16_t len;

	memset(k, 0, sizeof(*k));
	dec_u16(d, &k->type);
	utime_decode(d, &k->created);
	dec_u16(d, &len);
	if (d->err)
		return -EBADMSG;
	if (k->type == CEPHX_CRYPTO_NONE && len == 0)
		return 0;
	if (k->type != CEPHX_CRYPTO_AES || len != CEPHX_AES_KEY_LEN)
		return -EINVAL;
	if (dec_ptr(d, len, &p) != 0)
		return -EBADMSG;
	memcpy(k->secret, p, len);
	k->len = len;
	return 0;
}

void
cephx_key_encode(struct buf *b, const struct cephx_key *k)
{
	enc_u16(b, k->type);
	utime_encode(b, &k->created);
	enc_u16(b, k->len);
	enc_raw(b, k->secret, k->len);
}

int
cephx_key_from_base64(const char *s, struct cephx_key *k)
{
	uint8_t raw[64];
	size_t n = strlen(s), pad = 0;
	struct dec d;
	int len, r;

	/* An encoded AES key is 28 bytes: 40 base64 characters. */
	if (n == 0 || n % 4 != 0 || n > 4 * (sizeof(raw) / 3))
		return -EINVAL;
	if (s[n - 1] == '=')
		pad++;
	if (n > 1 && s[n - 2] == '=')
		pad++;
	len = EVP_DecodeBlock(raw, (const unsigned char *)s, (int)n);
	if (len < 0 || (size_t)len < pad) {
		wipe(raw, sizeof(raw));
		return -EINVAL;
	}
	/* EVP_DecodeBlock counts the padding as zero bytes. */
	dec_init(&d, raw, (size_t)len - pad);
	r = cephx_key_decode(&d, k);
	if (r == 0 && dec_remaining(&d) != 0)
		r = -EINVAL;
	if (r == 0 && !cephx_key_valid(k))
		r = -EINVAL;
	if (r != 0) {
		cephx_key_wipe(k);
		r = -EINVAL;
	}
	wipe(raw, sizeof(raw));
	return r;
}

int
cephx_key_to_base64(const struct cephx_key *k, char *out, size_t outsz)
{
	struct buf b = BUF_INIT;
	uint8_t raw[64];
	int r = 0;

	cephx_key_encode(&b, k);
	if (b.len > sizeof(raw) || outsz < 4 * ((b.len + 2) / 3) + 1) {
		r = -ENOSPC;
		goto out;
	}
	buf_copy_out(&b, 0, b.len, raw);
	EVP_EncodeBlock((unsigned char *)out, raw, (int)b.len);
out:
	wipe(raw, sizeof(raw));
	buf_free(&b);
	return r;
}

int
cephx_key_generate(struct cephx_key *k)
{
	memset(k, 0, sizeof(*k));
	k->type = CEPHX_CRYPTO_AES;
	k->created = utime_now();
	k->len = CEPHX_AES_KEY_LEN;
	cephx_random(k->secret, CEPHX_AES_KEY_LEN);
	return 0;
}

void
cephx_plain_free(struct cephx_plain *pl)
{
	if (pl->p) {
		wipe(pl->p, pl->len);
		free(pl->p);
	}
	pl->p = NULL;
	pl->len = 0;
}

/* ---- AES-128-CBC ---- */

static int
aes_cbc(const struct cephx_key *k, int encrypt, const uint8_t *in, size_t len, uint8_t *out,
	size_t *outlen)
{
	EVP_CIPHER_CTX *ctx;
	int n1 = 0, n2 = 0, ok;

	if (!cephx_key_valid(k) || len > (size_t)INT32_MAX - 2 * CEPHX_AES_BLOCK)
		return -EINVAL;
	ctx = EVP_CIPHER_CTX_new();
	if (ctx == NULL)
		return -ENOMEM;
	ok = EVP_CipherInit_ex(ctx, EVP_aes_128_cbc(), NULL, k->secret, cephx_iv, encrypt) == 1 &&
	     EVP_CipherUpdate(ctx, out, &n1, in, (int)len) == 1 &&
	     EVP_CipherFinal_ex(ctx, out + n1, &n2) == 1;
	EVP_CIPHER_CTX_free(ctx);
	if (!ok)
		return -EBADMSG;        /* bad padding on decrypt */
	*outlen = (size_t)n1 + (size_t)n2;
	return 0;
}

int
cephx_aes_encrypt(const struct cephx_key *k, const uint8_t *in, size_t len, struct buf *out)
{
	size_t cap = (len / CEPHX_AES_BLOCK + 1) * CEPHX_AES_BLOCK, n = 0;
	uint8_t *tmp = xmalloc(cap);
	int r;

	r = aes_cbc(k, 1, in, len, tmp, &n);
	if (r == 0)
		buf_append(out, tmp, n);
	free(tmp);
	return r;
}

int
cephx_aes_decrypt(const struct cephx_key *k, const uint8_t *in, size_t len,
		  struct cephx_plain *out)
{
	int r;

	out->p = NULL;
	out->len = 0;
	if (len == 0 || len % CEPHX_AES_BLOCK != 0)
		return -EBADMSG;
	out->p = xmalloc(len + CEPHX_AES_BLOCK);
	out->len = len + CEPHX_AES_BLOCK;
	r = aes_cbc(k, 0, in, len, out->p, &out->len);
	if (r != 0) {
		out->len = len + CEPHX_AES_BLOCK;
		cephx_plain_free(out);
	}
	return r;
}

/* ---- magic-prefixed blobs ---- */

int
cephx_encrypt_blob(const struct cephx_key *k, const struct buf *payload, struct buf *out)
{
	uint8_t *plain;
	size_t n = 1 + 8 + payload->len;
	int r;

	plain = xmalloc(n);
	plain[0] = 1;
	put_le64(plain + 1, CEPHX_ENC_MAGIC);
	buf_copy_out(payload, 0, payload->len, plain + 9);
	r = cephx_aes_encrypt(k, plain, n, out);
	wipe(plain, n);
	free(plain);
	return r;
}

int
cephx_decrypt_blob(const struct cephx_key *k, const uint8_t *in, size_t len,
		   struct cephx_plain *payload, size_t *payload_off)
{
	int r = cephx_aes_decrypt(k, in, len, payload);

	if (r != 0)
		return r;
	/* u8 struct_v (not checked by Ceph either), u64 magic. */
	if (payload->len < 9 || get_le64(payload->p + 1) != CEPHX_ENC_MAGIC) {
		cephx_plain_free(payload);
		return -EBADMSG;
	}
	*payload_off = 9;
	return 0;
}

int
cephx_encode_encrypt(const struct cephx_key *k, const struct buf *payload, struct buf *out)
{
	struct buf enc = BUF_INIT;
	int r = cephx_encrypt_blob(k, payload, &enc);

	if (r == 0)
		enc_buf(out, &enc);
	buf_free(&enc);
	return r;
}

int
cephx_decode_decrypt(const struct cephx_key *k, struct dec *d, struct cephx_plain *pl,
		     struct dec *dd)
{
	const uint8_t *p;
	uint32_t len;
	size_t off;
	int r;

	pl->p = NULL;
	pl->len = 0;
	if (dec_string(d, &p, &len) != 0)
		return -EBADMSG;
	r = cephx_decrypt_blob(k, p, len, pl, &off);
	if (r != 0)
		return r;
	dec_init(dd, pl->p + off, pl->len - off);
	return 0;
}

/* ---- HMAC, random ---- */

void
cephx_hmac_sha256(const uint8_t *key, size_t keylen, const struct buf *data,
		  uint8_t out[CEPHX_HMAC_LEN])
{
	struct buf_cursor cur;
	uint8_t chunk[4096];
	size_t left = data->len, olen = CEPHX_HMAC_LEN;
	EVP_MD_CTX *md;
	EVP_PKEY *pk;
	int ok;

	/* EVP_DigestSign with an HMAC key: one API in OpenSSL 1.1.1 and 3. */
	pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_HMAC, NULL, key, keylen);
	md = EVP_MD_CTX_new();
	if (pk == NULL || md == NULL)
		abort();
	ok = EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, pk) == 1;
	buf_cursor_init(&cur, data);
	while (ok && left > 0) {
		size_t n = left < sizeof(chunk) ? left : sizeof(chunk);

		buf_cursor_copy(&cur, chunk, n);
		ok = EVP_DigestSignUpdate(md, chunk, n) == 1;
		left -= n;
	}
	ok = ok && EVP_DigestSignFinal(md, out, &olen) == 1 && olen == CEPHX_HMAC_LEN;
	EVP_MD_CTX_free(md);
	EVP_PKEY_free(pk);
	wipe(chunk, sizeof(chunk));
	if (!ok) {
		log_error(LOG_MS, "cephx: HMAC-SHA256 failed");
		abort();
	}
}

void
cephx_random(void *p, size_t n)
{
	if (n > (size_t)INT32_MAX || RAND_bytes(p, (int)n) != 1) {
		log_error(LOG_MS, "cephx: the CSPRNG failed");
		abort();
	}
}

uint64_t
cephx_random_u64(void)
{
	uint64_t v;

	cephx_random(&v, sizeof(v));
	return v;
}

/* ---- AES-128-GCM ---- */

struct cephx_gcm {
	EVP_CIPHER_CTX *ctx;
	uint8_t nonce[CEPHX_GCM_NONCE_LEN];
	uint8_t first[CEPHX_GCM_NONCE_LEN];
	int new_format, encrypt, used_first;
};

struct cephx_gcm *
cephx_gcm_new(const uint8_t key[CEPHX_GCM_KEY_LEN], const uint8_t nonce[CEPHX_GCM_NONCE_LEN],
	      int new_format, int encrypt)
{
	struct cephx_gcm *g = xcalloc(1, sizeof(*g));

	g->ctx = EVP_CIPHER_CTX_new();
	if (g->ctx == NULL ||
	    EVP_CipherInit_ex(g->ctx, EVP_aes_128_gcm(), NULL, NULL, NULL, encrypt) != 1 ||
	    EVP_CIPHER_CTX_ctrl(g->ctx, EVP_CTRL_GCM_SET_IVLEN, CEPHX_GCM_NONCE_LEN, NULL) != 1 ||
	    EVP_CipherInit_ex(g->ctx, NULL, NULL, key, NULL, encrypt) != 1) {
		cephx_gcm_free(g);
		return NULL;
	}
	memcpy(g->nonce, nonce, CEPHX_GCM_NONCE_LEN);
	memcpy(g->first, nonce, CEPHX_GCM_NONCE_LEN);
	g->new_format = new_format;
	g->encrypt = encrypt;
	return g;
}

void
cephx_gcm_free(struct cephx_gcm *g)
{
	if (g == NULL)
		return;
	if (g->ctx)
		EVP_CIPHER_CTX_free(g->ctx);
	wipe(g, sizeof(*g));
	free(g);
}

int
cephx_gcm_start(struct cephx_gcm *g)
{
	/* A nonce must never be used twice with one key: when the counter
	 * wraps back to where it started the connection has to end. */
	if (memcmp(g->nonce, g->first, CEPHX_GCM_NONCE_LEN) == 0) {
		if (g->used_first)
			return -EOVERFLOW;
		g->used_first = 1;
	}
	if (EVP_CipherInit_ex(g->ctx, NULL, NULL, NULL, g->nonce, g->encrypt) != 1)
		return -EIO;
	if (g->new_format)
		put_le64(g->nonce + 4, get_le64(g->nonce + 4) + 1);     /* msgr2.1 */
	else
		put_le32(g->nonce, get_le32(g->nonce) + 1);             /* msgr2.0 */
	return 0;
}

int
cephx_gcm_update(struct cephx_gcm *g, const uint8_t *in, uint8_t *out, size_t n)
{
	while (n > 0) {
		int chunk = n > (1u << 30) ? (1 << 30) : (int)n, got = 0;

		if (EVP_CipherUpdate(g->ctx, out, &got, in, chunk) != 1 || got != chunk)
			return -EIO;
		in += chunk;
		out += chunk;
		n -= (size_t)chunk;
	}
	return 0;
}

int
cephx_gcm_final(struct cephx_gcm *g, uint8_t tag[CEPHX_GCM_TAG_LEN])
{
	uint8_t dummy[CEPHX_AES_BLOCK];
	int n = 0;

	if (EVP_CipherFinal_ex(g->ctx, dummy, &n) != 1 || n != 0 ||
	    EVP_CIPHER_CTX_ctrl(g->ctx, EVP_CTRL_GCM_GET_TAG, CEPHX_GCM_TAG_LEN, tag) != 1)
		return -EIO;
	return 0;
}

int
cephx_gcm_verify(struct cephx_gcm *g, const uint8_t tag[CEPHX_GCM_TAG_LEN])
{
	uint8_t dummy[CEPHX_AES_BLOCK];
	int n = 0;

	if (EVP_CIPHER_CTX_ctrl(g->ctx, EVP_CTRL_GCM_SET_TAG, CEPHX_GCM_TAG_LEN,
				(void *)tag) != 1)
		return -EIO;
	if (EVP_CipherFinal_ex(g->ctx, dummy, &n) != 1)
		return -EBADMSG;
	return 0;
}
