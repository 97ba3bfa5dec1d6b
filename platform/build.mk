# Objects of platform: the board's data (PLATFORM=) and the UART driver.
OBJS += platform/pl011.o platform/$(PLATFORM)/platform.o
