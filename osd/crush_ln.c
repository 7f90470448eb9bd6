/*
 * crush_ln.c — CRUSH's fixed-point logarithm, used by straw2 buckets.
 *
 * The two tables are the exact values of src/crush/crush_ln_table.h
 * (__RH_LH_tbl and __LL_tbl), taken from the copy compiled into 16.2.15's
 * libceph-common (shared/vectors/crush/crush_ln_tables.json). They must not
 * be regenerated from their defining formulas: most __LL_tbl entries were
 * produced with limited precision and differ from the formula by more than
 * one unit, and those exact values decide straw2 placements.
 */
#include "config.h"

#include "osd/crush_ln.h"

/*
 * Pairs for k = 0..128: [2k] ~ 2^48 / (1 + k/128) (a reciprocal, used to
 * normalise the mantissa) and [2k+1] ~ 2^48 * log2(1 + k/128).
 */
static const uint64_t rh_lh_tbl[258] = {
	0x1000000000000ull, 0x000000000000ull, 0xfe03f80fe040ull,
	0x02dfca16dde1ull, 0xfc0fc0fc0fc1ull, 0x05b9e5a170b4ull,
	0xfa232cf25214ull, 0x088e68ea899aull, 0xf83e0f83e0f9ull,
	0x0b5d69bac77eull, 0xf6603d980f67ull, 0x0e26fd5c8555ull,
	0xf4898d5f85bcull, 0x10eb389fa29full, 0xf2b9d6480f2cull,
	0x13aa2fdd27f1ull, 0xf0f0f0f0f0f1ull, 0x1663f6fac913ull,
	0xef2eb71fc435ull, 0x1918a16e4633ull, 0xed7303b5cc0full,
	0x1bc84240adabull, 0xebbdb2a5c162ull, 0x1e72ec117fa5ull,
	0xea0ea0ea0ea1ull, 0x2118b119b4f3ull, 0xe865ac7b7604ull,
	0x23b9a32eaa56ull, 0xe6c2b4481cd9ull, 0x2655d3c4f15cull,
	0xe525982af70dull, 0x28ed53f307eeull, 0xe38e38e38e39ull,
	0x2b803473f7adull, 0xe1fc780e1fc8ull, 0x2e0e85a9de04ull,
	0xe070381c0e08ull, 0x309857a05e07ull, 0xdee95c4ca038ull,
	0x331dba0efce1ull, 0xdd67c8a60dd7ull, 0x359ebc5b69d9ull,
	0xdbeb61eed19dull, 0x381b6d9bb29bull, 0xda740da740dbull,
	0x3a93dc9864b2ull, 0xd901b2036407ull, 0x3d0817ce9cd4ull,
	0xd79435e50d7aull, 0x3f782d7204d0ull, 0xd62b80d62b81ull,
	0x41e42b6ec0c0ull, 0xd4c77b03531eull, 0x444c1f6b4c2dull,
	0xd3680d3680d4ull, 0x46b016ca47c1ull, 0xd20d20d20d21ull,
	0x49101eac381cull, 0xd0b69fcbd259ull, 0x4b6c43f1366aull,
	0xcf6474a8819full, 0x4dc4933a9337ull, 0xce168a772509ull,
	0x501918ec6c11ull, 0xcccccccccccdull, 0x5269e12f346eull,
	0xcb8727c065c4ull, 0x54b6f7f1325aull, 0xca4587e6b750ull,
	0x570068e7ef5aull, 0xc907da4e8712ull, 0x59463f919deeull,
	0xc7ce0c7ce0c8ull, 0x5b8887367433ull, 0xc6980c6980c7ull,
	0x5dc74ae9fbecull, 0xc565c87b5f9eull, 0x6002958c5871ull,
	0xc4372f855d83ull, 0x623a71cb82c8ull, 0xc30c30c30c31ull,
	0x646eea247c5cull, 0xc1e4bbd595f7ull, 0x66a008e4788cull,
	0xc0c0c0c0c0c1ull, 0x68cdd829fd81ull, 0xbfa02fe80bfbull,
	0x6af861e5fc7dull, 0xbe82fa0be830ull, 0x6d1fafdce20aull,
	0xbd6910470767ull, 0x6f43cba79e40ull, 0xbc52640bc527ull,
	0x7164beb4a56dull, 0xbb3ee721a54eull, 0x73829248e961ull,
	0xba2e8ba2e8bbull, 0x759d4f80cba8ull, 0xb92143fa36f6ull,
	0x77b4ff5108d9ull, 0xb81702e05c0cull, 0x79c9aa879d53ull,
	0xb70fbb5a19bfull, 0x7bdb59cca388ull, 0xb60b60b60b61ull,
	0x7dea15a32c1bull, 0xb509e68a9b95ull, 0x7ff5e66a0ffeull,
	0xb40b40b40b41ull, 0x81fed45cbccbull, 0xb30f63528918ull,
	0x8404e793fb81ull, 0xb21642c8590cull, 0x86082806b1d5ull,
	0xb11fd3b80b12ull, 0x88089d8a9e47ull, 0xb02c0b02c0b1ull,
	0x8a064fd50f2aull, 0xaf3addc680b0ull, 0x8c01467b94bbull,
	0xae4c415c9883ull, 0x8df988f4ae80ull, 0xad602b580ad7ull,
	0x8fef1e987409ull, 0xac7691840ac8ull, 0x91e20ea1393eull,
	0xab8f69e2835aull, 0x93d2602c2e5full, 0xaaaaaaaaaaabull,
	0x95c01a39fbd6ull, 0xa9c84a47a080ull, 0x97ab43af59f9ull,
	0xa8e83f5717c1ull, 0x9993e355a4e5ull, 0xa80a80a80a81ull,
	0x9b79ffdb6c8bull, 0xa72f0539782aull, 0x9d5d9fd5010bull,
	0xa655c4392d7cull, 0x9f3ec9bcfb80ull, 0xa57eb50295fbull,
	0xa11d83f4c355ull, 0xa4a9cf1d9684ull, 0xa2f9d4c51039ull,
	0xa3d70a3d70a4ull, 0xa4d3c25e68dcull, 0xa3065e3fae7dull,
	0xa6ab52d99e76ull, 0xa237c32b16d0ull, 0xa8808c384547ull,
	0xa16b312ea8fdull, 0xaa5374652a1cull, 0xa0a0a0a0a0a1ull,
	0xac241134c4e9ull, 0x9fd809fd80a0ull, 0xadf26865a8a1ull,
	0x9f1165e72549ull, 0xafbe7fa0f04dull, 0x9e4cad23dd60ull,
	0xb1885c7aa982ull, 0x9d89d89d89d9ull, 0xb35004723c46ull,
	0x9cc8e160c3fcull, 0xb5157cf2d078ull, 0x9c09c09c09c1ull,
	0xb6d8cb53b0caull, 0x9b4c6f9ef03bull, 0xb899f4d8ab63ull,
	0x9a90e7d95bc7ull, 0xba58feb2703aull, 0x99d722dabde6ull,
	0xbc15edfeed32ull, 0x991f1a515886ull, 0xbdd0c7c9a817ull,
	0x9868c809868dull, 0xbf89910c1678ull, 0x97b425ed097cull,
	0xc1404eadf383ull, 0x97012e025c05ull, 0xc2f5058593d9ull,
	0x964fda6c0965ull, 0xc4a7ba58377cull, 0x95a02568095bull,
	0xc65871da59ddull, 0x94f2094f2095ull, 0xc80730b00016ull,
	0x944580944581ull, 0xc9b3fb6d0559ull, 0x939a85c4093aull,
	0xcb5ed69565afull, 0x92f113840498ull, 0xcd07c69d8702ull,
	0x924924924925ull, 0xceaecfea8085ull, 0x91a2b3c4d5e7ull,
	0xd053f6d26089ull, 0x90fdbc090fdcull, 0xd1f73f9c70c0ull,
	0x905a38633e07ull, 0xd398ae817906ull, 0x8fb823ee08fcull,
	0xd53847ac00a6ull, 0x8f1779d9fdc4ull, 0xd6d60f388e41ull,
	0x8e78356d1409ull, 0xd8720935e643ull, 0x8dda5202376aull,
	0xda0c39a54804ull, 0x8d3dcb08d3ddull, 0xdba4a47aa996ull,
	0x8ca29c046515ull, 0xdd3b4d9cf24bull, 0x8c08c08c08c1ull,
	0xded038e633f3ull, 0x8b70344a139cull, 0xe0636a23e2eeull,
	0x8ad8f2fba939ull, 0xe1f4e5170d02ull, 0x8a42f870566aull,
	0xe384ad748f0eull, 0x89ae4089ae41ull, 0xe512c6e54998ull,
	0x891ac73ae982ull, 0xe69f35065448ull, 0x888888888889ull,
	0xe829fb693044ull, 0x87f78087f781ull, 0xe9b31d93f98eull,
	0x8767ab5f34e5ull, 0xeb3a9f019750ull, 0x86d905447a35ull,
	0xecc08321eb30ull, 0x864b8a7de6d2ull, 0xee44cd59ffabull,
	0x85bf37612cefull, 0xefc781043579ull, 0x853408534086ull,
	0xf148a170700aull, 0x84a9f9c8084bull, 0xf2c831e44116ull,
	0x842108421085ull, 0xf446359b1353ull, 0x839930523fbfull,
	0xf5c2afc65447ull, 0x83126e978d50ull, 0xf73da38d9d4aull,
	0x828cbfbeb9a1ull, 0xf8b7140edbb1ull, 0x820820820821ull,
	0xfa2f045e7832ull, 0x81848da8faf1ull, 0xfba577877d7dull,
	0x810204081021ull, 0xfd1a708bbe11ull, 0x808080808081ull,
	0xfe8df263f957ull, 0x800000000000ull, 0xffff00000000ull,
};

/* [k] ~ 2^48 * log2(1 + k/2^15), the low-order correction. */
static const uint64_t ll_tbl[256] = {
	0x000000000000ull, 0x0002e2a60a00ull, 0x00070cb64ec5ull,
	0x0009ef50ce67ull, 0x000cd1e588fdull, 0x000fb4747e9cull,
	0x001296fdaf5eull, 0x001579811b58ull, 0x00185bfec2a1ull,
	0x001b3e76a552ull, 0x001e20e8c380ull, 0x002103551d43ull,
	0x0023e5bbb2b2ull, 0x0026c81c83e4ull, 0x0029aa7790f0ull,
	0x002c8cccd9edull, 0x002f6f1c5ef2ull, 0x003251662017ull,
	0x003533aa1d71ull, 0x003815e8571aull, 0x003af820cd26ull,
	0x003dda537faeull, 0x0040bc806ec8ull, 0x00439ea79a8cull,
	0x004680c90310ull, 0x004962e4a86cull, 0x004c44fa8ab6ull,
	0x004f270aaa06ull, 0x005209150672ull, 0x0054eb19a013ull,
	0x0057cd1876fdull, 0x005aaf118b4aull, 0x005d9104dd0full,
	0x006072f26c64ull, 0x006354da3960ull, 0x006636bc441aull,
	0x006918988ca8ull, 0x006bfa6f1322ull, 0x006edc3fd79full,
	0x0071be0ada35ull, 0x00749fd01afdull, 0x0077818f9a0cull,
	0x007a6349577aull, 0x007d44fd535eull, 0x008026ab8dceull,
	0x0083085406e3ull, 0x0085e9f6beb2ull, 0x0088cb93b552ull,
	0x008bad2aeadcull, 0x008e8ebc5f65ull, 0x009170481305ull,
	0x009451ce05d3ull, 0x0097334e37e5ull, 0x009a14c8a953ull,
	0x009cf63d5a33ull, 0x009fd7ac4a9dull, 0x00a2b07f3458ull,
	0x00a59a78ea6aull, 0x00a87bd699fbull, 0x00ab5d2e8970ull,
	0x00ae3e80b8e3ull, 0x00b11fcd2869ull, 0x00b40113d818ull,
	0x00b6e254c80aull, 0x00b9c38ff853ull, 0x00bca4c5690cull,
	0x00bf85f51a4aull, 0x00c2671f0c26ull, 0x00c548433eb6ull,
	0x00c82961b211ull, 0x00cb0a7a664dull, 0x00cdeb8d5b82ull,
	0x00d0cc9a91c8ull, 0x00d3ada20933ull, 0x00d68ea3c1ddull,
	0x00d96f9fbbdbull, 0x00dc5095f744ull, 0x00df31867430ull,
	0x00e2127132b5ull, 0x00e4f35632eaull, 0x00e7d43574e6ull,
	0x00eab50ef8c1ull, 0x00ed95e2be90ull, 0x00f076b0c66cull,
	0x00f35779106aull, 0x00f6383b9ca2ull, 0x00f918f86b2aull,
	0x00fbf9af7c1aull, 0x00feda60cf88ull, 0x0101bb0c658cull,
	0x01049bb23e3cull, 0x01077c5259afull, 0x010a5cecb7fcull,
	0x010d3d81593aull, 0x01101e103d7full, 0x0112fe9964e4ull,
	0x0115df1ccf7eull, 0x0118bf9a7d64ull, 0x011ba0126eadull,
	0x011e8084a371ull, 0x012160f11bc6ull, 0x01244157d7c3ull,
	0x012721b8d77full, 0x012a02141b10ull, 0x012ce269a28eull,
	0x012fc2b96e0full, 0x0132a3037daaull, 0x01358347d177ull,
	0x01386386698cull, 0x013b43bf45ffull, 0x013e23f266e9ull,
	0x0141041fcc5eull, 0x0143e4477678ull, 0x0146c469654bull,
	0x0149a48598f0ull, 0x014c849c117cull, 0x014f64accf08ull,
	0x015244b7d1a9ull, 0x015524bd1976ull, 0x015804bca687ull,
	0x015ae4b678f2ull, 0x015dc4aa90ceull, 0x0160a498ee31ull,
	0x016384819134ull, 0x0166646479ecull, 0x01694441a870ull,
	0x016c24191cd7ull, 0x016df6ca19bdull, 0x0171e3b6d7aaull,
	0x0174c37d1e44ull, 0x0177a33dab1cull, 0x017a82f87e49ull,
	0x017d62ad97e2ull, 0x0180425cf7feull, 0x0182b07f3458ull,
	0x018601aa8c19ull, 0x0188e148c046ull, 0x018bc0e13b52ull,
	0x018ea073fd52ull, 0x01918001065dull, 0x01945f88568bull,
	0x01973f09edf2ull, 0x019a1e85ccaaull, 0x019cfdfbf2c8ull,
	0x019fdd6c6063ull, 0x01a2bcd71593ull, 0x01a59c3c126eull,
	0x01a87b9b570bull, 0x01ab5af4e380ull, 0x01ae3a48b7e5ull,
	0x01b11996d450ull, 0x01b3f8df38d9ull, 0x01b6d821e595ull,
	0x01b9b75eda9bull, 0x01bc96961803ull, 0x01bf75c79de3ull,
	0x01c254f36c51ull, 0x01c534198365ull, 0x01c81339e336ull,
	0x01caf2548bd9ull, 0x01cdd1697d67ull, 0x01d0b078b7f5ull,
	0x01d38f823b9aull, 0x01d66e86086dull, 0x01d94d841e86ull,
	0x01dc2c7c7df9ull, 0x01df0b6f26dfull, 0x01e1ea5c194eull,
	0x01e4c943555dull, 0x01e7a824db23ull, 0x01ea8700aab5ull,
	0x01ed65d6c42bull, 0x01f044a7279dull, 0x01f32371d51full,
	0x01f60236cccaull, 0x01f8e0f60eb3ull, 0x01fbbfaf9af3ull,
	0x01fe9e63719eull, 0x02017d1192ccull, 0x02045bb9fe94ull,
	0x02073a5cb50dull, 0x0209c06e6212ull, 0x020cf791026aull,
	0x020fd622997cull, 0x0212b07f3458ull, 0x02159334a8d8ull,
	0x021871b52150ull, 0x021b502fe517ull, 0x021d6a73a78full,
	0x02210d144eeeull, 0x0223eb7df52cull, 0x0226c9e1e713ull,
	0x0229a84024bbull, 0x022c23679b4eull, 0x022f64eb83a8ull,
	0x02324338a51bull, 0x0235218012a9ull, 0x0237ffc1cc69ull,
	0x023a2c3b0ea4ull, 0x023d13ee805bull, 0x024035e9221full,
	0x0243788faf25ull, 0x024656b4e735ull, 0x0247ed646bfeull,
	0x024c12ee3d98ull, 0x024ef1025c1aull, 0x0251cf10c799ull,
	0x025492644d65ull, 0x02578b1c85eeull, 0x025a6919d8f0ull,
	0x025d13ee805bull, 0x026025036716ull, 0x026296453882ull,
	0x0265e0d62b53ull, 0x0268beb701f3ull, 0x026b9c92265eull,
	0x026d32f798a9ull, 0x0271583758ebull, 0x02743601673bull,
	0x027713c5c3b0ull, 0x0279f1846e5full, 0x027ccf3d6761ull,
	0x027e6580aecbull, 0x02828a9e44b3ull, 0x028568462932ull,
	0x0287bdbf5255ull, 0x028b2384de4aull, 0x028d13ee805bull,
	0x029035e9221full, 0x029296453882ull, 0x029699bdfb61ull,
	0x029902a37aabull, 0x029c54b864c9ull, 0x029deabd1083ull,
	0x02a20f9c0bb5ull, 0x02a4c7605d61ull, 0x02a7bdbf5255ull,
	0x02a96056dafcull, 0x02ac3daf14efull, 0x02af1b019ecaull,
	0x02b296453882ull, 0x02b5d022d80full, 0x02b8fa471cb3ull,
	0x02ba9012e713ull, 0x02bd6d4901ccull, 0x02c04a796cf6ull,
	0x02c327a428a6ull, 0x02c61a5e8f4cull, 0x02c8e1e891f6ull,
	0x02cbbf023fc2ull, 0x02ce9c163e6eull, 0x02d179248e13ull,
	0x02d4562d2ec6ull, 0x02d73330209dull, 0x02da102d63b0ull,
	0x02dced24f814ull,
};

uint64_t
crush_ln(uint32_t u)
{
	uint32_t x = (u & 0xffff) + 1;  /* 1 .. 0x10000 */
	uint64_t exponent = 15;
	uint64_t rh, lh, t;
	unsigned idx;

	/*
	 * Normalise: shift the mantissa up until bit 15 is set, lowering the
	 * exponent by as much. 0x10000 (u = 0xffff) is the only value with
	 * bit 16 set and is left alone.
	 */
	if (x < 0x8000) {
		int shift = __builtin_clz(x) - 16;

		x <<= shift;
		exponent -= (uint64_t)shift;
	}

	/* High part: table row chosen by the top 8 mantissa bits (x >> 8). */
	idx = (x >> 8) * 2 - 256;               /* 0 .. 256, even */
	rh = rh_lh_tbl[idx];
	lh = rh_lh_tbl[idx + 1];

	/* x * rh / 2^48 ~ 2^15 + a small remainder; its low byte picks LL. */
	t = ((uint64_t)x * rh) >> 48;
	lh += ll_tbl[t & 0xff];

	/* log2 scaled by 2^44: exponent in bits 44+, fraction below. */
	return (exponent << 44) + (lh >> 4);
}
