# Objects of mm: memory map planning and the page allocator.
mm-objs := buddy.o memmap.o page-alloc.o zalloc.o
OBJS += $(addprefix mm/,$(mm-objs))
