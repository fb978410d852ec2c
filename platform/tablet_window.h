#pragma once
// TabletWindow: the GLFW window, its OpenGL context and the Dear ImGui context drawn into it.
#include <atomic>
#include <memory>
#include <string>

#include "platform/fonts.h"

struct GLFWwindow;

namespace fc {

struct WindowOptions {
    int width = 1280;   // landscape tablet; 800x1280 for portrait
    int height = 800;
    std::string title = "fieldcheck";
};

// Why one class: GLFW, the GL context, ImGui and its two backends must be created and destroyed in
// a fixed order, and the fonts must be re-rasterised whenever the monitor's content scale changes.
class TabletWindow {
public:
    // Returns nullptr and fills `error` when no display, no context of the renderer's API (desktop
    // OpenGL 3, or OpenGL ES 3 in the ES build) or no font is available. Prints "renderer: ..." on stderr.
    static std::unique_ptr<TabletWindow> create(const WindowOptions& options, std::string& error);
    ~TabletWindow();
    TabletWindow(const TabletWindow&) = delete;
    TabletWindow& operator=(const TabletWindow&) = delete;

    bool should_close() const;
    // Why wait() returned: a frame is needed after Input (ImGui settles in two frames) and maybe
    // after Woken (another thread has news); after Nothing (the timeout) no frame is drawn.
    enum class Wake { Nothing, Input, Woken };
    // Blocks until input arrives, wake() is called or `idle_timeout_s` passes; returns at once while
    // the frames after an input are still to be drawn. With nothing happening, idle CPU is ~0.
    Wake wait(double idle_timeout_s);
    void begin_frame();  // re-rasterises fonts after a scale change, then ImGui::NewFrame()
    void end_frame();    // renders and swaps

    float scale() const { return scale_; }
    const FontSet& fonts() const { return fonts_; }
    GLFWwindow* handle() const { return window_; }

    // Asks for one more frame at once (the app's picture is still settling); call from the GUI thread.
    void keep_drawing() { settle_frames_ = settle_frames_ > 0 ? settle_frames_ : 1; }

    // Wakes wait() from another thread (thread-safe, like glfwPostEmptyEvent which it calls).
    void wake();

private:
    TabletWindow() = default;
    bool rebuild_fonts_(std::string& error);
    static void on_input_(GLFWwindow* w);

    GLFWwindow* window_ = nullptr;
    bool imgui_ready_ = false;
    bool glfw_backend_ready_ = false;
    bool gl_backend_ready_ = false;
    bool device_objects_ready_ = false;  // the backend's shaders and font texture
    float scale_ = 1.0f;
    bool scale_changed_ = false;
    int settle_frames_ = 2;
    bool input_seen_ = false;
    std::atomic<bool> woken_{false};
    FontSet fonts_;
};

}  // namespace fc
