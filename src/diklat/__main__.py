from diklat.cli import main

main()
