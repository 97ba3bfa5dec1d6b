/*
 * Host unit tests for the domain builder's first checks: the arm64 Image
 * header (ctl/image.c) and the boot disk's MBR (ctl/mbr.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "ctl/image.h"
#include "ctl/mbr.h"

#define MIB (1ULL << 20)

static uint8_t img[4096];

static void put_le64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* A header as guest-kit writes one: text_offset 0, image_size = the file. */
static void make_image(uint64_t text_offset, uint64_t image_size)
{
	memset(img, 0, sizeof(img));
	put_le64(img + 8, text_offset);
	put_le64(img + 16, image_size);
	memcpy(img + 56, "ARM\x64", 4);
}

static void test_image_good(void **state)
{
	struct image_info info;
	char why[160];

	make_image(0x80000, 0x10000);
	assert_int_equal(image_check(img, sizeof(img), 14 * MIB, &info, why, sizeof(why)), 0);
	assert_int_equal(info.text_offset, 0x80000);
	assert_int_equal(info.image_size, 0x10000);
	make_image(0, 0); /* image_size 0: the file's size counts (old Images) */
	assert_int_equal(image_check(img, sizeof(img), 14 * MIB, &info, why, sizeof(why)), 0);
	assert_int_equal(info.image_size, sizeof(img));
}

static void test_image_no_magic(void **state)
{
	struct image_info info = {1, 2};
	char why[160];

	make_image(0, 0);
	img[59] = 0x65;
	assert_int_equal(image_check(img, sizeof(img), 14 * MIB, &info, why, sizeof(why)), -22);
	assert_string_equal(why, "not an arm64 Image (no ARM\\x64 magic)");
	assert_int_equal(info.text_offset, 1); /* untouched */
	make_image(0, 0);
	assert_int_equal(image_check(img, 63, 14 * MIB, &info, why, sizeof(why)), -22);
}

static void test_image_too_big(void **state)
{
	static const uint64_t bad[][2] = {
		{0, 14 * MIB + 1},	      {14 * MIB, 4096},
		{0xfffffffffffff000ULL, 0x2000}, /* would wrap if added */
		{0x1000, 0xfffffffffffff000ULL},
	};
	struct image_info info;
	char why[160];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		make_image(bad[i][0], bad[i][1]);
		assert_int_equal(image_check(img, sizeof(img), 14 * MIB, &info, why, sizeof(why)),
				 -22);
		assert_non_null(strstr(why, "does not fit in 14336 KiB"));
	}
	make_image(0, 1ULL << 30);
	image_check(img, sizeof(img), 14 * MIB, &info, why, 16); /* cut, still terminated */
	assert_int_equal(strlen(why), 15);
}

static uint8_t mbr[512];

static void make_mbr(void)
{
	memset(mbr, 0, sizeof(mbr));
	mbr[510] = 0x55;
	mbr[511] = 0xaa;
	/* entry 2: type 0xda from LBA 67584, 131072 sectors (tools/mkdisk.sh) */
	mbr[446 + 16 + 4] = 0xda;
	mbr[446 + 16 + 8] = 0x00;
	mbr[446 + 16 + 9] = 0x08;
	mbr[446 + 16 + 10] = 0x01;
	mbr[446 + 16 + 14] = 0x02;
}

static void test_mbr(void **state)
{
	struct mbr_part p;

	make_mbr();
	assert_int_equal(mbr_part(mbr, 2, &p), 0);
	assert_int_equal(p.type, MBR_TYPE_STORE);
	assert_int_equal(p.lba, 67584);
	assert_int_equal(p.sectors, 131072);
	assert_int_equal(mbr_part(mbr, 1, &p), -2); /* empty */
	assert_int_equal(mbr_part(mbr, 0, &p), -22);
	assert_int_equal(mbr_part(mbr, 5, &p), -22);
	mbr[511] = 0;
	assert_int_equal(mbr_part(mbr, 2, &p), -22);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_image_good),
		cmocka_unit_test(test_image_no_magic),
		cmocka_unit_test(test_image_too_big),
		cmocka_unit_test(test_mbr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
