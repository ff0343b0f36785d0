using System.Text.RegularExpressions;

namespace Benchmarks.Load;

// Text as a Lua pattern (burst.lua matches each 302's Location against one).
public static partial class LuaPattern
{
    public static string Escape(string text) => MagicCharacter().Replace(text, "%$0");

    public static string Exactly(string text) => "^" + Escape(text) + "$";

    [GeneratedRegex(@"[\^\$\(\)%\.\[\]\*\+\-\?]")]
    private static partial Regex MagicCharacter();
}
