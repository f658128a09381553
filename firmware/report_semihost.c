#include "report.h"
#include "semihost.h"

void report_text(const char *text)
{
    semihost_write(text);
}
