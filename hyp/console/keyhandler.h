/*
 * Debug keys typed at Tarn's console, as Xen's: 'h' lists them.
 */
#ifndef HYP_KEYHANDLER_H
#define HYP_KEYHANDLER_H

void keyhandler_run(char key);

#endif /* HYP_KEYHANDLER_H */
