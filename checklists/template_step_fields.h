#pragma once
// The step fields template format 3 added: a photo step's photo counts, a serial step's pattern and
// check digit. Read by the template reader; in older formats these keys are unknown keys.
#include "checklist_template.h"
#include "template_field_reader.h"

namespace fc {

// photos_min (1..kMaxPhotosPerStep, default 1) and photos_max (photos_min..kMaxPhotosPerStep,
// default photos_min) on a photo step; named as misplaced on any other kind.
void read_photo_counts(FieldReader& f, Step& s);

// pattern (compiled here, once per template: a pattern too long or not compiling is reported with
// ErrorCode::invalid_pattern) and check ("none", "luhn", "gs1") on a serial step; named as
// misplaced on any other kind.
void read_serial_fields(FieldReader& f, Step& s);

}  // namespace fc
