using System.Diagnostics;
using System.Text.Json;

namespace Sms.Testing;

/// <summary>
/// Runs one of the inbox page's pure ES modules (<c>services/Sms.Conversations/wwwroot/inbox/*.js</c>) under node, so a
/// test checks what the browser computes without a browser: the segment counter against <c>SmsSegments</c>, the
/// consent table against the contact API.
/// </summary>
public static class InboxModule
{
    /// <summary>
    /// Runs <paramref name="body"/>, an ES module snippet, with <c>input</c>: <paramref name="payload"/> as JSON (web
    /// casing) plus <c>input.module</c>, the module's URL to <c>import()</c>. Returns what the snippet wrote to standard
    /// output; throws with node's standard error when it fails.
    /// </summary>
    /// <param name="file">The module's file name in the inbox folder, e.g. <c>segments.js</c>.</param>
    public static async Task<string> RunAsync(string file, string body, object payload)
    {
        var input = JsonSerializer.SerializeToNode(payload, new JsonSerializerOptions(JsonSerializerDefaults.Web))!.AsObject();
        input["module"] = new Uri(PathOf(file)).AbsoluteUri;
        var script = "let raw = ''; for await (const chunk of process.stdin) raw += chunk; const input = JSON.parse(raw);" + body;

        var info = new ProcessStartInfo(NodeExecutable())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--input-type=module", "-e", script }) info.ArgumentList.Add(argument);

        using var node = Process.Start(info) ?? throw new InvalidOperationException("Could not start node.");
        await node.StandardInput.WriteAsync(input.ToJsonString());
        node.StandardInput.Close();
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await node.WaitForExitAsync(timeout.Token);
        if (node.ExitCode != 0)
            throw new InvalidOperationException($"node failed running {file}: {await stderr}");
        return await stdout;
    }

    private static string NodeExecutable()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Append("/usr/bin"))
        {
            var candidate = Path.Combine(directory, "node");
            if (File.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException("node is not installed: the inbox page's modules are checked by running them under node (apt-get install nodejs).");
    }

    private static string PathOf(string file)
    {
        var path = RepositoryRoot.Combine("services", "Sms.Conversations", "wwwroot", "inbox", file);
        if (!File.Exists(path)) throw new FileNotFoundException($"The inbox's {file} is missing.", path);
        return path;
    }
}
