#include <config.h>
#include "decode.h"
