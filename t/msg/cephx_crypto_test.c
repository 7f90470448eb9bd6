/*
 * cephx_crypto_test.c — CryptoKey encoding (a key made by ceph-authtool for
 * a live cephx lab), cephx AES-CBC blobs (vector made with the openssl CLI
 * with cephx's IV), HMAC-SHA256 (RFC 4231), AES-128-GCM (NIST GCM test case
 * 3), nonce advance and tampering.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/enc.h"
#include "msg/cephx_crypto.h"

/* tools/lab up --cephx: the mon. key ceph-authtool wrote to the keyring. */
#define LAB_KEY_B64 "AQBrVQZru/z4JhAAEPkjP5UyTai9NTgtdP77oQ=="
#define LAB_SECRET "10f9233f95324da8bd35382d74fefba1"
/* printf '\x01' + le64 magic + "hello cephx" | openssl enc -aes-128-cbc
 *   -K LAB_SECRET -iv $(printf cephsageyudagreg | xxd -p) */
#define HELLO_CT "81ab3c6116281f13865e19457dfb927d3200f43346ad0e4a094f5b3fbe193184"

static size_t
unhex(const char *s, uint8_t *out)
{
	size_t n = strlen(s) / 2;

	for (size_t i = 0; i < n; i++) {
		unsigned v;

		sscanf(s + 2 * i, "%2x", &v);
		out[i] = (uint8_t)v;
	}
	return n;
}

static void
buf_eq_hex(struct buf *b, const char *hex)
{
	uint8_t want[256];
	size_t n = unhex(hex, want);

	ck_assert_uint_eq(b->len, n);
	ck_assert(memcmp(buf_contig(b, 0, n), want, n) == 0);
}

START_TEST(key_base64)
{
	struct cephx_key k;
	uint8_t secret[16];
	char out[64];

	ck_assert_int_eq(cephx_key_from_base64(LAB_KEY_B64, &k), 0);
	ck_assert_uint_eq(k.type, CEPHX_CRYPTO_AES);
	ck_assert_uint_eq(k.len, 16);
	ck_assert_uint_eq(k.created.sec, 0x6b06556b);
	ck_assert_uint_eq(k.created.nsec, 0x26f8fcbb);
	unhex(LAB_SECRET, secret);
	ck_assert(memcmp(k.secret, secret, 16) == 0);
	ck_assert_int_eq(cephx_key_to_base64(&k, out, sizeof(out)), 0);
	ck_assert_str_eq(out, LAB_KEY_B64);
	ck_assert_int_eq(cephx_key_to_base64(&k, out, 10), -ENOSPC);
}
END_TEST

START_TEST(key_base64_bad)
{
	struct cephx_key k;

	ck_assert_int_eq(cephx_key_from_base64("", &k), -EINVAL);
	ck_assert_int_eq(cephx_key_from_base64("AQB", &k), -EINVAL);
	ck_assert_int_eq(cephx_key_from_base64("!!!!", &k), -EINVAL);
	/* truncated: the secret is missing its last bytes */
	ck_assert_int_eq(cephx_key_from_base64("AQBrVQZru/z4JhAAEPkjP5UyTai9NTgt", &k), -EINVAL);
	/* type 2 instead of AES */
	ck_assert_int_eq(cephx_key_from_base64("AgBrVQZru/z4JhAAEPkjP5UyTai9NTgtdP77oQ==", &k),
			 -EINVAL);
	/* length 17 */
	ck_assert_int_eq(cephx_key_from_base64("AQBrVQZru/z4JhEAEPkjP5UyTai9NTgtdP77oQ==", &k),
			 -EINVAL);
	ck_assert_uint_eq(k.type, 0);
}
END_TEST

START_TEST(key_generate)
{
	struct cephx_key a, b;
	char s[64];

	cephx_key_generate(&a);
	cephx_key_generate(&b);
	ck_assert(cephx_key_valid(&a));
	ck_assert(memcmp(a.secret, b.secret, 16) != 0);
	ck_assert_int_eq(cephx_key_to_base64(&a, s, sizeof(s)), 0);
	ck_assert_uint_eq(strlen(s), 40);
	ck_assert_int_eq(cephx_key_from_base64(s, &b), 0);
	ck_assert(memcmp(a.secret, b.secret, 16) == 0);
	cephx_key_wipe(&a);
	ck_assert_uint_eq(a.type, 0);
}
END_TEST

START_TEST(blob_vector)
{
	struct cephx_key k;
	struct buf pt = BUF_INIT, ct = BUF_INIT, wrapped = BUF_INIT;
	struct cephx_plain pl;
	struct dec d, dd;
	size_t off;

	ck_assert_int_eq(cephx_key_from_base64(LAB_KEY_B64, &k), 0);
	buf_append(&pt, "hello cephx", 11);
	ck_assert_int_eq(cephx_encrypt_blob(&k, &pt, &ct), 0);
	buf_eq_hex(&ct, HELLO_CT);
	ck_assert_int_eq(cephx_decrypt_blob(&k, buf_contig(&ct, 0, ct.len), ct.len, &pl, &off), 0);
	ck_assert_uint_eq(pl.len - off, 11);
	ck_assert(memcmp(pl.p + off, "hello cephx", 11) == 0);
	cephx_plain_free(&pl);

	/* encode_encrypt / decode_decrypt: a u32 length in front */
	ck_assert_int_eq(cephx_encode_encrypt(&k, &pt, &wrapped), 0);
	ck_assert_uint_eq(wrapped.len, 4 + 32);
	dec_init(&d, buf_contig(&wrapped, 0, wrapped.len), wrapped.len);
	ck_assert_int_eq(cephx_decode_decrypt(&k, &d, &pl, &dd), 0);
	ck_assert_uint_eq(dec_remaining(&dd), 11);
	ck_assert_uint_eq(dec_remaining(&d), 0);
	cephx_plain_free(&pl);
	buf_free(&pt);
	buf_free(&ct);
	buf_free(&wrapped);
}
END_TEST

START_TEST(blob_bad)
{
	struct cephx_key k, other;
	uint8_t ct[64];
	size_t n = unhex(HELLO_CT, ct), off;
	struct cephx_plain pl;
	struct dec d;
	struct dec dd;
	uint8_t shortlen[8] = { 40, 0, 0, 0, 1, 2, 3, 4 };

	ck_assert_int_eq(cephx_key_from_base64(LAB_KEY_B64, &k), 0);
	cephx_key_generate(&other);
	ck_assert_int_eq(cephx_decrypt_blob(&other, ct, n, &pl, &off), -EBADMSG);
	ck_assert_ptr_null(pl.p);
	ck_assert_int_eq(cephx_decrypt_blob(&k, ct, n - 1, &pl, &off), -EBADMSG);
	ck_assert_int_eq(cephx_decrypt_blob(&k, ct, 0, &pl, &off), -EBADMSG);
	/* flip a bit of the first block: magic breaks (or padding does) */
	ct[3] ^= 0x40;
	ck_assert_int_eq(cephx_decrypt_blob(&k, ct, n, &pl, &off), -EBADMSG);
	/* length prefix larger than what remains */
	dec_init(&d, shortlen, sizeof(shortlen));
	ck_assert_int_eq(cephx_decode_decrypt(&k, &d, &pl, &dd), -EBADMSG);
	/* an invalid key refuses to work */
	memset(&other, 0, sizeof(other));
	ck_assert_int_eq(cephx_decrypt_blob(&other, ct, n, &pl, &off), -EINVAL);
}
END_TEST

START_TEST(hmac_rfc4231)
{
	struct buf data = BUF_INIT;
	uint8_t out[32], want[32];

	/* RFC 4231 test case 2, the data split over two buffer pieces */
	buf_append(&data, "what do ya want ", 16);
	buf_append(&data, "for nothing?", 12);
	cephx_hmac_sha256((const uint8_t *)"Jefe", 4, &data, out);
	unhex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", want);
	ck_assert(memcmp(out, want, 32) == 0);
	buf_free(&data);
}
END_TEST

#define GCM_KEY "feffe9928665731c6d6a8f9467308308"
#define GCM_IV "cafebabefacedbaddecaf888"
#define GCM_P "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72" \
	"1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255"
#define GCM_C "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e" \
	"21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985"
#define GCM_T "4d5c2af327cd64a62cf35abd2ba6fab4"

START_TEST(gcm_nist)
{
	uint8_t key[16], iv[12], p[64], c[64], want[64], tag[16], wtag[16];
	struct cephx_gcm *e, *d;

	unhex(GCM_KEY, key);
	unhex(GCM_IV, iv);
	unhex(GCM_P, p);
	unhex(GCM_C, want);
	unhex(GCM_T, wtag);
	e = cephx_gcm_new(key, iv, 1, 1);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(cephx_gcm_start(e), 0);
	/* two updates: the stream continues across calls */
	ck_assert_int_eq(cephx_gcm_update(e, p, c, 20), 0);
	ck_assert_int_eq(cephx_gcm_update(e, p + 20, c + 20, 44), 0);
	ck_assert_int_eq(cephx_gcm_final(e, tag), 0);
	ck_assert(memcmp(c, want, 64) == 0);
	ck_assert(memcmp(tag, wtag, 16) == 0);

	d = cephx_gcm_new(key, iv, 1, 0);
	ck_assert_int_eq(cephx_gcm_start(d), 0);
	ck_assert_int_eq(cephx_gcm_update(d, c, c, 64), 0);
	ck_assert(memcmp(c, p, 64) == 0);
	ck_assert_int_eq(cephx_gcm_verify(d, tag), 0);
	cephx_gcm_free(e);
	cephx_gcm_free(d);
}
END_TEST

START_TEST(gcm_nonce_advance)
{
	uint8_t key[16], iv[12], iv2[12], c1[16], c2[16], t1[16], t2[16];
	uint8_t zero[16] = { 0 };
	struct cephx_gcm *a, *b;

	unhex(GCM_KEY, key);
	unhex(GCM_IV, iv);
	/* msgr2.1: the u64 counter after the u32 fixed part goes up by one */
	memcpy(iv2, iv, 12);
	put_le64(iv2 + 4, get_le64(iv + 4) + 1);
	a = cephx_gcm_new(key, iv, 1, 1);
	b = cephx_gcm_new(key, iv2, 1, 1);
	cephx_gcm_start(a);
	cephx_gcm_final(a, t1);
	cephx_gcm_start(a);             /* second message: nonce iv2 */
	cephx_gcm_update(a, zero, c1, 16);
	cephx_gcm_final(a, t1);
	cephx_gcm_start(b);
	cephx_gcm_update(b, zero, c2, 16);
	cephx_gcm_final(b, t2);
	ck_assert(memcmp(c1, c2, 16) == 0 && memcmp(t1, t2, 16) == 0);
	cephx_gcm_free(a);
	cephx_gcm_free(b);

	/* msgr2.0: the first u32 goes up instead */
	memcpy(iv2, iv, 12);
	put_le32(iv2, get_le32(iv) + 1);
	a = cephx_gcm_new(key, iv, 0, 1);
	b = cephx_gcm_new(key, iv2, 0, 1);
	cephx_gcm_start(a);
	cephx_gcm_start(a);
	cephx_gcm_update(a, zero, c1, 16);
	cephx_gcm_start(b);
	cephx_gcm_update(b, zero, c2, 16);
	ck_assert(memcmp(c1, c2, 16) == 0);
	cephx_gcm_free(a);
	cephx_gcm_free(b);
}
END_TEST

START_TEST(gcm_tamper)
{
	uint8_t key[16], iv[12], buf[32] = "thirty-two bytes of plaintext..", tag[16];
	struct cephx_gcm *e, *d;

	cephx_random(key, sizeof(key));
	cephx_random(iv, sizeof(iv));
	e = cephx_gcm_new(key, iv, 1, 1);
	d = cephx_gcm_new(key, iv, 1, 0);
	cephx_gcm_start(e);
	cephx_gcm_update(e, buf, buf, 32);
	cephx_gcm_final(e, tag);
	buf[5] ^= 1;
	cephx_gcm_start(d);
	cephx_gcm_update(d, buf, buf, 32);
	ck_assert_int_eq(cephx_gcm_verify(d, tag), -EBADMSG);
	cephx_gcm_free(e);
	cephx_gcm_free(d);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("cephx_crypto");
	TCase *tc = tcase_create("all");

	tcase_add_test(tc, key_base64);
	tcase_add_test(tc, key_base64_bad);
	tcase_add_test(tc, key_generate);
	tcase_add_test(tc, blob_vector);
	tcase_add_test(tc, blob_bad);
	tcase_add_test(tc, hmac_rfc4231);
	tcase_add_test(tc, gcm_nist);
	tcase_add_test(tc, gcm_nonce_advance);
	tcase_add_test(tc, gcm_tamper);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
