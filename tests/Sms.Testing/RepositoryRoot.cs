namespace Sms.Testing;

/// <summary>The checkout a test was built in: the folder above the test's output that holds the solution file.</summary>
public static class RepositoryRoot
{
    public const string SolutionFile = "Sms.Platform.slnx";

    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    /// <summary>A path inside the checkout, from its parts (<c>"services", "Sms.Router"</c>).</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, SolutionFile))) directory = directory.Parent;
        return directory?.FullName
            ?? throw new InvalidOperationException($"Cannot find {SolutionFile} above {AppContext.BaseDirectory}: run the tests from a checkout.");
    }
}
