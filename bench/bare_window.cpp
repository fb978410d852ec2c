// The baseline of bench/cold_start: a bare GLFW + OpenGL 3 window of the app's size that clears,
// swaps once and leaves, printing the CLOCK_MONOTONIC moment of its swap
// ("FIRST_FRAME_MONOTONIC_NS n") as `fieldcheck --exit-after-first-frame` does.
//
//   bare_window [SCRATCH_DIR]   (the directory is not used: bench/run passes one to every program)
#include <time.h>

#include <cstdio>

#define GLFW_INCLUDE_NONE
#include <GL/gl.h>
#include <GLFW/glfw3.h>

int main() {
    if (!glfwInit()) {
        std::fprintf(stderr, "bare_window: cannot start GLFW (is DISPLAY set?)\n");
        return 1;
    }
    // The app's hints, so both ask the driver for the same context.
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    GLFWwindow* window = glfwCreateWindow(1280, 800, "bare", nullptr, nullptr);
    if (!window) {
        std::fprintf(stderr, "bare_window: cannot open a window with OpenGL 3\n");
        glfwTerminate();
        return 1;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);
    int width = 0;
    int height = 0;
    glfwGetFramebufferSize(window, &width, &height);
    glViewport(0, 0, width, height);
    glClearColor(1.0f, 1.0f, 1.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    glfwSwapBuffers(window);
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    std::printf("FIRST_FRAME_MONOTONIC_NS %lld\n", static_cast<long long>(ts.tv_sec) * 1'000'000'000LL + ts.tv_nsec);
    std::fflush(stdout);
    glfwDestroyWindow(window);
    glfwTerminate();
    return 0;
}
