namespace DiracX.Core.Jdl;

public static partial class JdlParser
{
    private sealed partial class Reader
    {
        /// <summary>
        /// Scans free expression text up to a separator or closer at bracket level 0, keeping strings and
        /// brackets balanced; a ';' at level 0 always ends it. A lone <c>=</c> at level 0 means a missing <c>;</c> before the next attribute.
        /// </summary>
        private string ReadExpressionText(char separator, char close, int depth)
        {
            var start = _pos;
            var open = new Stack<int>();
            while (_pos < _text.Length)
            {
                var c = _text[_pos];
                if (open.Count == 0 && (c == separator || c == close || c == ';'))
                {
                    break;
                }

                switch (c)
                {
                    case '"':
                        SkipStringLiteral();
                        continue;
                    case '(' or '[' or '{':
                        CheckDepth(depth + open.Count + 1, _pos);
                        open.Push(_pos);
                        break;
                    case ')' or ']' or '}':
                        if (open.Count == 0 || _text[open.Peek()] != Opener(c))
                        {
                            throw Error(_pos, $"unexpected '{c}'");
                        }

                        open.Pop();
                        break;
                    case '=' when open.Count == 0 && IsAssignment(_pos):
                        var nameStart = StartOfNameBefore(_pos, start);
                        throw Error(nameStart, nameStart == _pos ? "unexpected '='" : "expected ';'");
                }

                _pos++;
            }

            if (open.Count > 0)
            {
                throw Error(open.Peek(), $"unclosed '{_text[open.Peek()]}'");
            }

            var text = _text[start.._pos].Trim();
            if (text.Length == 0)
            {
                throw Error(start, "expected a value");
            }

            return text;
        }

        private void SkipStringLiteral()
        {
            var open = _pos;
            _pos++;
            while (_pos < _text.Length)
            {
                var c = _text[_pos++];
                if (c == '"')
                {
                    return;
                }

                if (c == '\\' && _pos < _text.Length && (_text[_pos] == '"' || _text[_pos] == '\\'))
                {
                    _pos++;
                }
            }

            throw Error(open, "unterminated string");
        }

        private static char Opener(char closer) => closer switch
        {
            ')' => '(',
            ']' => '[',
            _ => '{',
        };

        /// <summary>A single '=' that is not part of ==, !=, &lt;=, &gt;=, =?= or =!=.</summary>
        private bool IsAssignment(int i)
        {
            var previous = i > 0 ? _text[i - 1] : ' ';
            var next = i + 1 < _text.Length ? _text[i + 1] : ' ';
            return previous is not ('=' or '!' or '<' or '>' or '?') && next is not ('=' or '?' or '!');
        }

        /// <summary>Where the attribute name before a stray '=' starts, to point at the missing ';'.</summary>
        private int StartOfNameBefore(int equals, int valueStart)
        {
            var i = equals - 1;
            while (i >= valueStart && char.IsWhiteSpace(_text[i]))
            {
                i--;
            }

            var end = i;
            while (i >= valueStart && JdlSyntax.IsNameChar(_text[i]))
            {
                i--;
            }

            return i < end && i + 1 > valueStart ? i + 1 : equals;
        }
    }
}
