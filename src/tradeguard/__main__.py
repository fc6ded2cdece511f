from tradeguard.cli import main

main()
