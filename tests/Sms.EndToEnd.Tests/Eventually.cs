namespace Sms.EndToEnd.Tests;

/// <summary>Polls an observation until it satisfies a condition: the platform is asynchronous, the tests wait for outcomes.</summary>
public static class Eventually
{
    public static async Task<T> MatchesAsync<T>(Func<Task<T>> observe, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        var deadline = DateTime.UtcNow + limit;
        T last;
        do
        {
            last = await observe();
            if (condition(last)) return last;
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        throw new AssertionException($"{what} did not happen within {limit.TotalSeconds}s. Last observation: {Describe(last)}");
    }

    private static string Describe<T>(T value) =>
        value is System.Collections.IEnumerable items and not string
            ? "[" + string.Join(", ", items.Cast<object?>()) + "]"
            : value?.ToString() ?? "null";
}
