// Loads a cooperation file with the installed samverkan::core and lists its members.
// Usage: samverkan-consumer COOPERATION.xml
#include <iostream>

#include <samverkan/config/cooperation.hpp>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: samverkan-consumer COOPERATION.xml\n";
    return 2;
  }
  try {
    const auto cooperation = samverkan::config::load_cooperation(argv[1]);
    std::cout << cooperation.name << '\n';
    for (const auto& member : cooperation.members) {
      std::cout << member.code.str() << ' ' << member.short_name << ' ' << member.organisation_number.formatted()
                << '\n';
    }
    return 0;
  } catch (const samverkan::Error& error) {
    std::cerr << error.what() << '\n';
    return 1;
  }
}
