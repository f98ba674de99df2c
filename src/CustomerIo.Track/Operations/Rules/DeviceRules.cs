namespace CustomerIo.Track.Operations.Rules
{
    /// <summary>A device, v1 and v2 alike: a token and a platform the file lists (ios or android).</summary>
    internal static class DeviceRules
    {
        public static readonly string[] Platforms = { "ios", "android" };

        /// <summary>The platform in the file's spelling (lower case); the error names the value and the list.</summary>
        public static string Platform(string platform, string field) =>
            TextRules.OneOf(platform, field, Platforms, "InvalidPlatform");

        /// <summary>The device token: required text.</summary>
        public static string Token(string token, string field, string what) => TextRules.Required(token, field, what);
    }
}
