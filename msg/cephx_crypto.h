/*
 * cephx_crypto.h — the cryptographic primitives cephx and msgr2 secure mode
 * need, all on OpenSSL's libcrypto (EVP): CryptoKey (the keyring secret and
 * its encoding), cephx's AES-128-CBC "encrypt" with the magic-prefixed
 * encoded blob, HMAC-SHA256, a CSPRNG and the AES-128-GCM stream used by
 * secure frames.
 *
 * Facts (src/auth/Crypto.{h,cc}, src/auth/cephx/CephxProtocol.h):
 *   CryptoKey on the wire: u16 type (1 = AES); utime created; u16 len; bytes.
 *     A keyring's "key = ..." is the base64 of exactly that encoding.
 *   AES "encrypt": AES-128-CBC, key = the 16 secret bytes, IV = the ASCII
 *     bytes "cephsageyudagreg", PKCS#7 padding.
 *   encode_encrypt_enc_bl(T): encrypt(u8 1; u64 0xff009cad8826aa55; T).
 *   encode_encrypt(T): the above as a bufferlist (u32 length + bytes).
 *
 * Secret bytes never reach a log from here; cephx_key_wipe() and
 * cephx_plain_free() zero them before the memory is released.
 */
#ifndef OSDFARM_MSG_CEPHX_CRYPTO_H
#define OSDFARM_MSG_CEPHX_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/enc.h"
#include "common/types.h"

#define CEPHX_CRYPTO_NONE 0
#define CEPHX_CRYPTO_AES 1
#define CEPHX_AES_KEY_LEN 16
#define CEPHX_AES_BLOCK 16
#define CEPHX_ENC_MAGIC 0xff009cad8826aa55ULL
#define CEPHX_HMAC_LEN 32
/* Longest secret a CryptoKey may carry here (AES uses 16). */
#define CEPHX_KEY_MAX 32

struct cephx_key {
	uint16_t type;                  /* CEPHX_CRYPTO_*; NONE = no key */
	struct utime created;
	uint16_t len;                   /* secret length; 16 for AES */
	uint8_t secret[CEPHX_KEY_MAX];
};

/* Decode an encoded CryptoKey. -EBADMSG if truncated; -EINVAL if it is not a
 * 16-byte AES key (nor an empty NONE key). */
int cephx_key_decode(struct dec *d, struct cephx_key *k);
void cephx_key_encode(struct buf *b, const struct cephx_key *k);
/* Keyring form: base64 of the encoded key. -EINVAL on bad base64 or key. */
int cephx_key_from_base64(const char *s, struct cephx_key *k);
/* Writes a NUL-terminated string; -ENOSPC if outsz is too small (64 suffices). */
int cephx_key_to_base64(const struct cephx_key *k, char *out, size_t outsz);
/* A fresh random AES key created now. */
int cephx_key_generate(struct cephx_key *k);
int cephx_key_valid(const struct cephx_key *k);
void cephx_key_wipe(struct cephx_key *k);

/* A decrypted plaintext, in one allocation; free with cephx_plain_free. */
struct cephx_plain {
	uint8_t *p;
	size_t len;
};
void cephx_plain_free(struct cephx_plain *pl);

/* Raw AES-128-CBC with cephx's fixed IV and PKCS#7 padding. */
int cephx_aes_encrypt(const struct cephx_key *k, const uint8_t *in, size_t len, struct buf *out);
/* -EBADMSG on a ciphertext that is empty, not whole blocks or badly padded. */
int cephx_aes_decrypt(const struct cephx_key *k, const uint8_t *in, size_t len,
		      struct cephx_plain *out);

/* encode_encrypt_enc_bl: out += ciphertext of (u8 1; u64 magic; payload). */
int cephx_encrypt_blob(const struct cephx_key *k, const struct buf *payload, struct buf *out);
/* Its inverse: *payload = what follows the magic. -EBADMSG on a bad magic. */
int cephx_decrypt_blob(const struct cephx_key *k, const uint8_t *in, size_t len,
		       struct cephx_plain *payload, size_t *payload_off);
/* encode_encrypt: out += u32 length + encrypted blob. */
int cephx_encode_encrypt(const struct cephx_key *k, const struct buf *payload, struct buf *out);
/* decode_decrypt: read a u32-length blob from d and decrypt it. On success
 * *pl holds the whole plaintext and *dd a cursor over the payload in it. */
int cephx_decode_decrypt(const struct cephx_key *k, struct dec *d, struct cephx_plain *pl,
			 struct dec *dd);

/* HMAC-SHA256 over every byte of data (a buf list). */
void cephx_hmac_sha256(const uint8_t *key, size_t keylen, const struct buf *data,
		       uint8_t out[CEPHX_HMAC_LEN]);

/* Cryptographically random bytes; aborts if the CSPRNG fails (it must not). */
void cephx_random(void *p, size_t n);
uint64_t cephx_random_u64(void);

/* ---- AES-128-GCM stream for msgr2 secure mode ---- */
#define CEPHX_GCM_KEY_LEN 16
#define CEPHX_GCM_NONCE_LEN 12
#define CEPHX_GCM_TAG_LEN 16

struct cephx_gcm;
/*
 * One direction of a secure connection. nonce: u32 "fixed" + u64 counter,
 * little-endian (src/msg/async/crypto_onwire.cc nonce_t). Every
 * cephx_gcm_start() uses the current nonce and then advances it: the 64-bit
 * counter with msgr2.1 (new_format), the 32-bit field with msgr2.0.
 */
struct cephx_gcm *cephx_gcm_new(const uint8_t key[CEPHX_GCM_KEY_LEN],
				const uint8_t nonce[CEPHX_GCM_NONCE_LEN], int new_format,
				int encrypt);
void cephx_gcm_free(struct cephx_gcm *g);
/* Begin one authenticated message. -EOVERFLOW when the nonces ran out. */
int cephx_gcm_start(struct cephx_gcm *g);
/* Encrypt or decrypt n bytes (out may equal in). */
int cephx_gcm_update(struct cephx_gcm *g, const uint8_t *in, uint8_t *out, size_t n);
/* Encrypt side: the tag of the message started last. */
int cephx_gcm_final(struct cephx_gcm *g, uint8_t tag[CEPHX_GCM_TAG_LEN]);
/* Decrypt side: -EBADMSG if tag does not authenticate what was decrypted. */
int cephx_gcm_verify(struct cephx_gcm *g, const uint8_t tag[CEPHX_GCM_TAG_LEN]);

#endif
