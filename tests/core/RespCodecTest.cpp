#include <Poco/Exception.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/StreamSocketImpl.h>
#include <sys/socket.h>

#include <boost/test/unit_test.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "RespCommand.h"
#include "RespReader.h"
#include "RespReply.h"

using namespace interlude::core;
using namespace std::string_view_literals;

namespace {

std::string encoded(const RespCommand& command) {
  std::string out;
  command.appendTo(out);
  return out;
}

// `text` in pieces no longer than a receive of RespReader (a longer message
// would be cut: SOCK_SEQPACKET drops what does not fit).
std::vector<std::string_view> pieces(std::string_view text) {
  std::vector<std::string_view> out;
  for (std::size_t at = 0; at < text.size(); at += 8000) out.push_back(text.substr(at, 8000));
  return out;
}

// A connected pair of sockets that keeps message boundaries (SOCK_SEQPACKET):
// each send() of the server side is exactly one receive of the reader, so a
// test decides where a reply is split.
struct Wire {
  Wire() {
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, fds) != 0) throw std::runtime_error("socketpair");
    // Each StreamSocket owns its impl and closes the descriptor.
    client = Poco::Net::StreamSocket(new Poco::Net::StreamSocketImpl(fds[0]));
    server = Poco::Net::StreamSocket(new Poco::Net::StreamSocketImpl(fds[1]));
    // A reader that waits for more than was sent fails the test, not hangs it.
    client.setReceiveTimeout(Poco::Timespan(5, 0));
  }
  // Sends each of `pieces` as a receive of its own.
  void send(const std::vector<std::string_view>& pieces) {
    for (const auto piece : pieces) server.sendBytes(piece.data(), int(piece.size()));
  }
  RespReply read(const std::vector<std::string_view>& pieces) {
    send(pieces);
    return reader.read();
  }

  Poco::Net::StreamSocket client;
  Poco::Net::StreamSocket server;
  RespReader reader{client};
};

}  // namespace

BOOST_AUTO_TEST_SUITE(resp_command)

BOOST_AUTO_TEST_CASE(a_command_is_an_array_of_bulk_strings) {
  BOOST_TEST(encoded({"GET", "session:1"}) == "*2\r\n$3\r\nGET\r\n$9\r\nsession:1\r\n");
  RespCommand command{"EVALSHA", "abc"};
  command << "1"
          << "key";
  BOOST_TEST(encoded(command) == "*4\r\n$7\r\nEVALSHA\r\n$3\r\nabc\r\n$1\r\n1\r\n$3\r\nkey\r\n");
}

BOOST_AUTO_TEST_CASE(empty_and_binary_arguments_go_as_they_are) {
  const auto binary = "a\r\n\0b"sv;  // CRLF and a NUL inside
  BOOST_TEST(encoded({"SET", "", binary}) == "*3\r\n$3\r\nSET\r\n$0\r\n\r\n$5\r\na\r\n\0b\r\n"sv);
}

BOOST_AUTO_TEST_CASE(a_long_argument_has_its_full_length) {
  const std::string value(100000, 'x');
  BOOST_TEST(encoded({value}) == "*1\r\n$100000\r\n" + value + "\r\n");
}

BOOST_AUTO_TEST_CASE(commands_append_to_what_is_queued) {
  std::string out = "*1\r\n$4\r\nPING\r\n";
  RespCommand({"DEL", "k"}).appendTo(out);
  BOOST_TEST(out == "*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(resp_reader, Wire)

BOOST_AUTO_TEST_CASE(a_status_an_error_and_integers) {
  const auto ok = read({"+OK\r\n"});
  BOOST_TEST((ok.type == RespReply::Type::Status));
  BOOST_TEST(ok.text == "OK");
  const auto error = read({"-NOSCRIPT No matching script\r\n"});
  BOOST_TEST((error.type == RespReply::Type::Error));
  BOOST_TEST(error.text == "NOSCRIPT No matching script");
  const auto one = read({":1\r\n"});
  BOOST_TEST((one.type == RespReply::Type::Integer));
  BOOST_TEST(one.integer == 1);
  BOOST_TEST(read({":-9223372036854775808\r\n"}).integer == INT64_MIN);
}

BOOST_AUTO_TEST_CASE(bulk_strings_empty_binary_and_null) {
  const auto value = read({"$5\r\na\r\n\0b\r\n"sv});
  BOOST_TEST((value.type == RespReply::Type::Bulk));
  BOOST_TEST(value.text == "a\r\n\0b"sv);
  const auto empty = read({"$0\r\n\r\n"});
  BOOST_TEST((empty.type == RespReply::Type::Bulk));
  BOOST_TEST(empty.text.empty());
  BOOST_TEST((read({"$-1\r\n"}).type == RespReply::Type::Null));
}

BOOST_AUTO_TEST_CASE(nested_arrays_as_scan_answers) {
  const auto page = read({"*2\r\n$2\r\n17\r\n*3\r\n$1\r\na\r\n$-1\r\n:5\r\n"});
  BOOST_TEST_REQUIRE((page.type == RespReply::Type::Array));
  BOOST_TEST_REQUIRE(page.elements.size() == 2u);
  BOOST_TEST(page.elements[0].text == "17");
  const auto& keys = page.elements[1].elements;
  BOOST_TEST_REQUIRE(keys.size() == 3u);
  BOOST_TEST(keys[0].text == "a");
  BOOST_TEST((keys[1].type == RespReply::Type::Null));
  BOOST_TEST(keys[2].integer == 5);
  const auto none = read({"*0\r\n"});
  BOOST_TEST((none.type == RespReply::Type::Array));
  BOOST_TEST(none.elements.empty());
  BOOST_TEST((read({"*-1\r\n"}).type == RespReply::Type::Null));
}

BOOST_AUTO_TEST_CASE(replies_that_arrived_together_are_read_one_at_a_time) {
  send({"+OK\r\n$-1\r\n:3\r\n$1\r\nv\r\n"});
  BOOST_TEST(reader.read().text == "OK");
  BOOST_TEST((reader.read().type == RespReply::Type::Null));
  BOOST_TEST(reader.read().integer == 3);
  BOOST_TEST(reader.read().text == "v");
}

BOOST_AUTO_TEST_CASE(a_reply_split_across_receives_is_read_whole) {
  BOOST_TEST(read({"$5\r\nhel", "lo\r\n"}).text == "hello");
  BOOST_TEST(read({"$5\r", "\nhello\r", "\n"}).text == "hello");
  BOOST_TEST(read({"-ERR wr", "ong\r\n"}).text == "ERR wrong");
  BOOST_TEST(read({":12", "3\r\n"}).integer == 123);
  const auto page = read({"*2\r\n$1", "\r\n0\r\n*1\r\n", "$3\r\nkey\r", "\n"});
  BOOST_TEST_REQUIRE(page.elements.size() == 2u);
  BOOST_TEST_REQUIRE(page.elements[1].elements.size() == 1u);
  BOOST_TEST(page.elements[1].elements[0].text == "key");
}

BOOST_AUTO_TEST_CASE(a_reply_sent_a_byte_at_a_time_is_read_whole) {
  const std::string reply = "*2\r\n$3\r\nabc\r\n:42\r\n";
  std::vector<std::string_view> bytes;
  for (std::size_t i = 0; i < reply.size(); ++i)
    bytes.push_back(std::string_view(reply).substr(i, 1));
  const auto read = Wire::read(bytes);
  BOOST_TEST_REQUIRE(read.elements.size() == 2u);
  BOOST_TEST(read.elements[0].text == "abc");
  BOOST_TEST(read.elements[1].integer == 42);
}

BOOST_AUTO_TEST_CASE(a_reply_longer_than_a_receive_buffer_is_read_whole) {
  const std::string value(100000, 'v');
  BOOST_TEST(read(pieces("$100000\r\n" + value + "\r\n")).text == value);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(resp_reader_rejects)

// `input` then the peer closes: the reader must throw a ProtocolException
// (malformed), not wait for more nor read something.
void rejected(const std::string& input) {
  Wire wire;
  wire.send(pieces(input));
  wire.server.close();
  BOOST_CHECK_THROW(wire.reader.read(), Poco::ProtocolException);
}

BOOST_AUTO_TEST_CASE(malformed_input) {
  rejected("?what\r\n");                  // unknown type
  rejected("+OK\rX\n");                   // CR not followed by LF
  rejected("+O\nK\r\n");                  // LF alone in a line
  rejected(":12a\r\n");                   // not a number
  rejected(":\r\n");                      // empty number
  rejected(":+1\r\n");                    // no sign but minus
  rejected(":99999999999999999999\r\n");  // out of range
  rejected("$3\r\nabcd\r\n");             // longer than said
  rejected("$-2\r\n");                    // negative length
  rejected("$999999999999\r\n");          // over Redis's bulk limit
  rejected("*-5\r\n");                    // negative count
  rejected("*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n");  // too deep
  rejected("+" + std::string(70000, 'x'));  // a line without end
}

BOOST_AUTO_TEST_CASE(a_closed_connection_is_an_io_error) {
  Wire wire;
  wire.send({"$5\r\nhel"});
  wire.server.close();
  try {
    wire.reader.read();
    BOOST_FAIL("read a reply the peer never finished");
  } catch (const Poco::ProtocolException&) {
    BOOST_FAIL("a closed connection is not a malformed reply");
  } catch (const Poco::IOException& e) {
    BOOST_TEST(e.message().find("closed") != std::string::npos);
  }
}

BOOST_AUTO_TEST_SUITE_END()
