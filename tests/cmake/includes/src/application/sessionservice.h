#pragma once
#include "domain/session.h"
