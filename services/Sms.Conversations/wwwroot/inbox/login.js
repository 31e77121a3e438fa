// Sign-in: POST /auth/login sets the session cookie; then the inbox (or the conversation the agent was sent to).

const form = document.getElementById("login-form");
const error = document.getElementById("login-error");
const submit = form.querySelector("button[type=submit]");

function fail(message) {
  error.textContent = message;
  error.hidden = false;
  form.password.select();
  form.password.focus();
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  error.hidden = true;
  const username = form.username.value.trim();
  const password = form.password.value;
  if (!username || !password) {
    fail("Enter your user name and password.");
    return;
  }
  submit.disabled = true;
  submit.textContent = "Signing in…";
  try {
    const response = await fetch("/auth/login", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-Requested-With": "inbox" },
      body: JSON.stringify({ username, password }),
      credentials: "same-origin",
    });
    if (response.ok) {
      window.location.assign("/inbox/" + window.location.hash);
      return;
    }
    let title = "";
    try { title = (await response.json()).title ?? ""; } catch { /* not JSON */ }
    if (response.status === 401) fail(title || "Wrong user name or password");
    else if (response.status === 429) fail(title || "Too many attempts. Wait a minute and try again.");
    else fail(title || `Sign-in failed (${response.status}). Try again.`);
  } catch {
    fail("The inbox cannot reach the server. Check your connection and try again.");
  } finally {
    submit.disabled = false;
    submit.textContent = "Sign in";
  }
});
