#include "report.h"

#include <stdio.h>

void report_text(const char *text)
{
    fputs(text, stdout);
}
