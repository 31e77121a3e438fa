using System.Text;

namespace Sms.Conversations.Threads;

/// <summary>
/// How enum values of the contracts are written to the database and the API: snake_case
/// (<c>NoMatchingSession</c> → <c>no_matching_session</c>, <c>Gsm7</c> → <c>gsm7</c>), so stored text does not change
/// when a C# name is refactored in casing only, and reads the same as the other stored values (<c>waiting_on_agent</c>).
/// </summary>
public static class StoredNames
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => SnakeCase(value.ToString());

    internal static string SnakeCase(string name)
    {
        var result = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && !char.IsUpper(name[i - 1]))
                result.Append('_');
            result.Append(char.ToLowerInvariant(c));
        }
        return result.ToString();
    }
}
