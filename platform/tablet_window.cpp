#include "platform/tablet_window.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "platform/gl_api.h"
#include "platform/theme.h"

namespace fc {
namespace {

// After an input event ImGui needs a second frame to show its consequence (a click is handled on
// release, the new screen is laid out in the next frame).
constexpr int kSettleFrames = 2;

float content_scale(GLFWwindow* w) {
    float x = 1.0f;
    float y = 1.0f;
    glfwGetWindowContentScale(w, &x, &y);
    const float s = std::max(x, y);
    return s > 0.25f && s < 8.0f ? s : 1.0f;
}

void ask_for_context() {
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, kGlApi.major);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, kGlApi.minor);
    if (kGlApi.es) {
        // EGL: what embedded GPUs' drivers offer (often without GLX); Mesa has it on X11 and Wayland.
        glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
        glfwWindowHint(GLFW_CONTEXT_CREATION_API, GLFW_EGL_CONTEXT_API);
    }
}

const char* gl_text(GLenum name) {
    const auto* text = reinterpret_cast<const char*>(glGetString(name));
    return text ? text : "?";
}

// Says which context the window got ("renderer: OpenGL ES 3.2 Mesa 22.3.6 (llvmpipe ...)"), so that
// a test can prove which path ran; false when it is not the kind of API this renderer was built for.
// A desktop GL_VERSION starts with its number, an ES one with "OpenGL ES" (the GL and ES specs).
bool context_is_as_built(std::string& error) {
    const char* version = gl_text(GL_VERSION);
    const bool es = std::strncmp(version, "OpenGL ES", 9) == 0;
    std::fprintf(stderr, "renderer: %s%s (%s)\n", es ? "" : "OpenGL ", version, gl_text(GL_RENDERER));
    if (es == kGlApi.es) return true;
    error = std::string("asked for ") + kGlApi.name + " but got the context \"" + version + "\"";
    return false;
}

}  // namespace

// Input callbacks are installed before ImGui's backend, which chains to them; they only note that
// something happened, so the loop renders frames until the UI has settled.
void TabletWindow::on_input_(GLFWwindow* w) {
    if (auto* self = static_cast<TabletWindow*>(glfwGetWindowUserPointer(w))) {
        self->settle_frames_ = kSettleFrames;
        self->input_seen_ = true;
    }
}

std::unique_ptr<TabletWindow> TabletWindow::create(const WindowOptions& options, std::string& error) {
    std::unique_ptr<TabletWindow> self(new TabletWindow());
    if (!glfwInit()) {
        const char* description = nullptr;
        glfwGetError(&description);
        error = std::string("cannot start GLFW (is a display available? DISPLAY must be set): ") +
                (description ? description : "unknown error");
        return nullptr;
    }
    ask_for_context();
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    self->window_ = glfwCreateWindow(options.width, options.height, options.title.c_str(), nullptr, nullptr);
    if (!self->window_) {
        const char* description = nullptr;
        glfwGetError(&description);
        error = std::string("cannot open a window with ") + kGlApi.name + ": " + (description ? description : "unknown error");
        return nullptr;
    }
    glfwMakeContextCurrent(self->window_);
    if (!context_is_as_built(error)) return nullptr;
    glfwSwapInterval(1);
    glfwSetWindowUserPointer(self->window_, self.get());
    glfwSetCursorPosCallback(self->window_, [](GLFWwindow* w, double, double) { on_input_(w); });
    glfwSetMouseButtonCallback(self->window_, [](GLFWwindow* w, int, int, int) { on_input_(w); });
    glfwSetScrollCallback(self->window_, [](GLFWwindow* w, double, double) { on_input_(w); });
    glfwSetKeyCallback(self->window_, [](GLFWwindow* w, int, int, int, int) { on_input_(w); });
    glfwSetCharCallback(self->window_, [](GLFWwindow* w, unsigned int) { on_input_(w); });
    glfwSetWindowFocusCallback(self->window_, [](GLFWwindow* w, int) { on_input_(w); });
    glfwSetCursorEnterCallback(self->window_, [](GLFWwindow* w, int) { on_input_(w); });
    glfwSetFramebufferSizeCallback(self->window_, [](GLFWwindow* w, int, int) { on_input_(w); });
    glfwSetWindowRefreshCallback(self->window_, [](GLFWwindow* w) { on_input_(w); });
    glfwSetWindowContentScaleCallback(self->window_, [](GLFWwindow* w, float, float) {
        if (auto* s = static_cast<TabletWindow*>(glfwGetWindowUserPointer(w))) s->scale_changed_ = true;
        on_input_(w);
    });

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    self->imgui_ready_ = true;
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // layout is code, not a file dropped in the working directory
    io.LogFilename = nullptr;
    self->glfw_backend_ready_ = ImGui_ImplGlfw_InitForOpenGL(self->window_, true);
    self->gl_backend_ready_ = ImGui_ImplOpenGL3_Init(kGlApi.glsl_version);
    if (!self->glfw_backend_ready_ || !self->gl_backend_ready_) {
        error = "cannot initialise the Dear ImGui GLFW/OpenGL3 backends";
        return nullptr;
    }
    self->scale_ = content_scale(self->window_);
    if (!self->rebuild_fonts_(error)) return nullptr;
    return self;
}

TabletWindow::~TabletWindow() {
    if (gl_backend_ready_) ImGui_ImplOpenGL3_Shutdown();
    if (glfw_backend_ready_) ImGui_ImplGlfw_Shutdown();
    if (imgui_ready_) ImGui::DestroyContext();
    if (window_) glfwDestroyWindow(window_);
    glfwTerminate();
}

bool TabletWindow::rebuild_fonts_(std::string& error) {
    ImGuiIO& io = ImGui::GetIO();
    FontLoad loaded = load_fonts(*io.Fonts, scale_);
    if (!loaded.error.empty()) {
        error = loaded.error;
        return false;
    }
    fonts_ = loaded.fonts;
    io.FontDefault = fonts_.body;
    apply_daylight_theme(ImGui::GetStyle(), scale_);
    // Uploaded here, not lazily: the backend's NewFrame makes the font texture only together with its
    // shaders, on the first frame, so after a DPI change it would draw with no texture at all. Once
    // the atlas is on the GPU its CPU copy (megabytes of RGBA at the UI's glyph sizes) is dropped.
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    const bool uploaded = device_objects_ready_ ? ImGui_ImplOpenGL3_CreateFontsTexture()
                                                : (device_objects_ready_ = ImGui_ImplOpenGL3_CreateDeviceObjects());
    if (!uploaded) {
        error = "cannot upload the font atlas to the GPU";
        return false;
    }
    io.Fonts->ClearTexData();
    return true;
}

bool TabletWindow::should_close() const { return glfwWindowShouldClose(window_) != 0; }

TabletWindow::Wake TabletWindow::wait(double idle_timeout_s) {
    input_seen_ = false;
    if (settle_frames_ > 0) {
        --settle_frames_;
        glfwPollEvents();
        return Wake::Input;
    }
    glfwWaitEventsTimeout(idle_timeout_s);
    if (input_seen_) return Wake::Input;
    if (woken_.exchange(false)) return Wake::Woken;
    return Wake::Nothing;
}

void TabletWindow::begin_frame() {
    if (scale_changed_) {
        scale_changed_ = false;
        const float next = content_scale(window_);
        if (next != scale_) {
            const float previous = scale_;
            scale_ = next;
            std::string error;
            if (!rebuild_fonts_(error)) {
                // Keep the old faces: a readable UI at the wrong size beats none.
                scale_ = previous;
                rebuild_fonts_(error);
            }
        }
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
}

void TabletWindow::end_frame() {
    ImGui::Render();
    int width = 0;
    int height = 0;
    glfwGetFramebufferSize(window_, &width, &height);
    glViewport(0, 0, width, height);
    glClearColor(1.0f, 1.0f, 1.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glfwSwapBuffers(window_);
}

void TabletWindow::wake() {
    woken_ = true;
    glfwPostEmptyEvent();
}

}  // namespace fc
