// GStreamer and GLib keep their type system, plugin registry and thread pools for the life of the
// process on purpose (they cannot be torn down once initialised); LeakSanitizer would report them.
// Only stacks through GStreamer or GLib are suppressed: a leak in our own code still fails.
extern "C" const char* __lsan_default_suppressions() {
    return "leak:libgst\n"
           "leak:libglib-2.0\n"
           "leak:libgobject-2.0\n"
           "leak:libgmodule-2.0\n"
           "leak:liborc\n";
}
