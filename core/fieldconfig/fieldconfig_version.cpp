// sg_fieldconfig always has at least this translation unit.
namespace sg::fieldconfig { extern const int LibraryVersion = 1; }
