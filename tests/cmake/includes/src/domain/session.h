#pragma once
// Fixture: a domain header reaching up into the application layer.
#include "application/sessionservice.h"
