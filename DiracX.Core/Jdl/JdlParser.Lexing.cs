using System.Text;

namespace DiracX.Core.Jdl;

public static partial class JdlParser
{
    private sealed partial class Reader
    {
        /// <summary>Reads a string literal; <c>\"</c> and <c>\\</c> are escapes, any other backslash is kept.</summary>
        private string ReadString()
        {
            var open = _pos;
            _pos++;
            var builder = new StringBuilder();
            while (_pos < _text.Length)
            {
                var c = _text[_pos++];
                if (c == '"')
                {
                    return builder.ToString();
                }

                if (c == '\\' && _pos < _text.Length && (_text[_pos] == '"' || _text[_pos] == '\\'))
                {
                    c = _text[_pos++];
                }

                builder.Append(c);
            }

            throw Error(open, "unterminated string");
        }

        private void CheckDepth(int depth, int position)
        {
            if (depth > maxDepth)
            {
                throw Error(position, $"nesting deeper than {maxDepth} levels");
            }
        }

        public JdlSyntaxException Error(int position, string reason)
        {
            var line = 1;
            var lineStart = 0;
            var end = Math.Min(position, _text.Length);
            for (var i = 0; i < end; i++)
            {
                if (_text[i] == '\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            }

            return new JdlSyntaxException(line, position - lineStart + 1, reason);
        }
    }
}
