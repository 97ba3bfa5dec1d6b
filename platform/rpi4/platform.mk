# Raspberry Pi 4: only tarn.bin for now; the SD-card boot flow is still to do.
PLATFORM_IMAGES :=
