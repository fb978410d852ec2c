#include "broken_pipe.h"

#include <signal.h>

#include <mutex>

namespace fc {

void ignore_broken_pipe_signal() {
    static std::once_flag once;
    std::call_once(once, [] { ::signal(SIGPIPE, SIG_IGN); });
}

}  // namespace fc
